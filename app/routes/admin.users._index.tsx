import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { ROLES } from "../../db/enums";
import type { User } from "../../db/schema";
import { FilterSelect, FormMessage, errorKey, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import { assignableAssociation, listAssociations } from "~/models/association.server";
import { countAdmins, getUserById, listUsers, updateUser } from "~/models/user.server";
import { requirePermission } from "~/utils/permissions.server";
import { roleField } from "~/utils/forms";
import { formatNumber } from "~/utils/i18n";
import { getTranslator } from "~/utils/i18n.server";
import { invalidateUserSessions } from "~/utils/session.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const PAGE_SIZE = 50;

const filterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  association: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  const url = new URL(request.url);
  // One value per name; a repeated parameter takes its first value, never an array.
  const params = filterSchema.parse(Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.get(k)])));
  const page = params.page ?? 1;
  const { rows, total } = listUsers({
    q: params.q || undefined,
    role: params.role,
    associationId: params.association,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const associations = listAssociations();
  // Association names are unique (case-insensitively), so the name the list shows identifies the association.
  const idByName = new Map(associations.map((a) => [a.name, a.id]));
  return {
    title: t("admin.users.title"),
    users: rows.map((u) => ({ ...u, associationId: u.associationName ? (idByName.get(u.associationName) ?? null) : null })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    filters: { q: params.q ?? "", role: params.role ?? "", association: params.association ? String(params.association) : "" },
    associations: associations.map((a) => ({ id: a.id, name: a.name })),
    assignable: associations.filter((a) => a.status !== "inactive").map((a) => ({ id: a.id, name: a.name })),
  };
}

// Decimal digits only: a number field would also take "1e3" or "0x10".
const userId = z
  .string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" })
  .regex(/^[1-9]\d{0,8}$/, "errors.invalid")
  .transform(Number);
const roleSchema = z.object({ intent: z.literal("role"), userId, role: roleField });
const statusSchema = z.object({ intent: z.enum(["disable", "enable"]), userId });
const associationSchema = z.object({
  intent: z.literal("association"),
  userId,
  associationId: z
    .string({ required_error: "errors.invalidChoice" })
    .regex(/^(none|\d{1,9})$/, "errors.invalidChoice")
    .transform((v) => (v === "none" ? null : Number(v))),
});
const actionSchema = z.discriminatedUnion(
  "intent",
  [roleSchema, statusSchema.extend({ intent: z.literal("disable") }), statusSchema.extend({ intent: z.literal("enable") }), associationSchema],
  {
    errorMap: () => ({ message: "errors.unknownAction" }),
  },
);

type Submission = Awaited<ReturnType<typeof parseSubmission<typeof actionSchema>>>["submission"];
type Done = { intent: "role" | "disable" | "enable" | "association"; name: string };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, actionSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const target = getUserById(submission.value.userId);
  if (!target) return rejectSubmission(submission, { status: 404, formErrors: ["admin.users.unknown"] });
  const value = submission.value;
  switch (value.intent) {
    case "role":
      return roleAction(submission, admin, target, value.role);
    case "disable":
    case "enable":
      return statusAction(submission, admin, target, value.intent);
    case "association":
      return associationAction(submission, target, value.associationId);
  }
}

function done(submission: Submission, result: Done) {
  return data({ result: submission.reply(), done: result });
}

function roleAction(submission: Submission, admin: User, target: User, role: User["role"]) {
  // An admin cannot lock themselves out, so the platform always keeps one working admin.
  if (target.id === admin.id && role !== "admin") return rejectSubmission(submission, { status: 409, formErrors: ["admin.users.notYourself"] });
  if (target.role === "admin" && role !== "admin" && countAdmins() <= 1)
    return rejectSubmission(submission, { status: 409, formErrors: ["admin.users.lastAdmin"] });
  // A coordinator coordinates the association they belong to: there must be one.
  if (role === "coordinator" && target.associationId === null)
    return rejectSubmission(submission, { status: 409, formErrors: ["coordinator.errors.needsAssociation"] });
  // A partner account belongs to an organisation (what it may see hangs on it): it is attached on the partners page.
  if (role === "partner" && target.role !== "partner")
    return rejectSubmission(submission, { status: 409, formErrors: ["reports.partners.useThePartnersPage"] });
  updateUser(target.id, { role });
  return done(submission, { intent: "role", name: target.displayName });
}

function statusAction(submission: Submission, admin: User, target: User, intent: "disable" | "enable") {
  if (intent === "disable") {
    if (target.id === admin.id) return rejectSubmission(submission, { status: 409, formErrors: ["admin.users.notYourself"] });
    updateUser(target.id, { disabled: true });
    invalidateUserSessions(target.id);
  } else {
    updateUser(target.id, { disabled: false });
  }
  return done(submission, { intent, name: target.displayName });
}

function associationAction(submission: Submission, target: User, associationId: number | null) {
  // The list offers only associations that are not inactive; a crafted id gets the same answer as a stale page.
  if (associationId !== null && !assignableAssociation(associationId))
    return rejectSubmission(submission, { fieldErrors: { associationId: ["admin.users.associationUnavailable"] } });
  if (associationId === null && target.role === "coordinator")
    return rejectSubmission(submission, { status: 409, formErrors: ["coordinator.errors.keepsAssociation"] });
  updateUser(target.id, { associationId });
  return done(submission, { intent: "association", name: target.displayName });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["users"][number];

/** Whether the action's answer is about this row's form (several small forms share the page). */
function resultFor(result: unknown, intent: string, id: number) {
  const initial = (result as { initialValue?: Record<string, unknown> } | undefined)?.initialValue;
  if (!initial) return undefined;
  const intentMatches = intent === "status" ? initial.intent === "disable" || initial.intent === "enable" : initial.intent === intent;
  return intentMatches && String(initial.userId) === String(id) ? result : undefined;
}

function UserRow({ user, assignable, result }: { user: Row; assignable: { id: number; name: string }[]; result: unknown }) {
  const { t } = useTranslation();
  const [roleForm, roleFields] = useSchemaForm(roleSchema, resultFor(result, "role", user.id), `role-${user.id}`, {
    intent: "role",
    userId: String(user.id),
    role: user.role,
  });
  const [associationForm, associationFields] = useSchemaForm(associationSchema, resultFor(result, "association", user.id), `association-${user.id}`, {
    intent: "association",
    userId: String(user.id),
    associationId: user.associationId === null ? "none" : assignable.some((a) => a.id === user.associationId) ? String(user.associationId) : "",
  });
  const [statusForm] = useSchemaForm(statusSchema, resultFor(result, "status", user.id), `status-${user.id}`);
  const associationError = associationFields.associationId.errors?.[0];
  return (
    <tr>
      <td>
        <bdi>{user.displayName}</bdi>
      </td>
      <td>
        <Ltr>{user.email}</Ltr>
      </td>
      <td>
        <p>{user.associationName ? <bdi>{user.associationName}</bdi> : "—"}</p>
        <Form method="post" className="inline-form" {...getFormProps(associationForm)}>
          <input type="hidden" name="intent" value="association" />
          <input type="hidden" name="userId" value={user.id} />
          <label className="visually-hidden" htmlFor={associationFields.associationId.id}>
            {t("admin.users.associationOf", { name: user.displayName })}
          </label>
          <select
            id={associationFields.associationId.id}
            name="associationId"
            defaultValue={String(associationFields.associationId.initialValue ?? "")}
            aria-invalid={associationError ? true : undefined}
            aria-describedby={associationError ? associationFields.associationId.errorId : undefined}
          >
            <option value="">{t("fields.choose")}</option>
            <option value="none">{t("admin.users.noAssociation")}</option>
            {assignable.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button small secondary">
            {t("admin.users.changeAssociation")}
          </button>
          {associationError ? (
            <p className="field-error" id={associationFields.associationId.errorId}>
              {t(errorKey(associationError))}
            </p>
          ) : null}
        </Form>
      </td>
      <td>
        <Form method="post" className="inline-form" {...getFormProps(roleForm)}>
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="userId" value={user.id} />
          <label className="visually-hidden" htmlFor={roleFields.role.id}>
            {t("admin.users.roleOf", { name: user.displayName })}
          </label>
          <select id={roleFields.role.id} name="role" defaultValue={String(roleFields.role.initialValue ?? user.role)}>
            {ROLES.filter((r) => (r !== "coordinator" || user.associationId !== null || user.role === r) && (r !== "partner" || user.role === r)).map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button small secondary">
            {t("admin.users.changeRole")}
          </button>
        </Form>
      </td>
      <td>
        <Form method="post" className="inline-form" {...getFormProps(statusForm)}>
          <input type="hidden" name="userId" value={user.id} />
          <span>{user.disabled ? t("admin.users.disabled") : user.hasPassword ? t("admin.users.active") : t("admin.users.invitedStatus")}</span>
          <button type="submit" name="intent" value={user.disabled ? "enable" : "disable"} className="button small secondary">
            {user.disabled ? t("admin.users.enable") : t("admin.users.disable")}
          </button>
        </Form>
      </td>
    </tr>
  );
}

export default function AdminUsers() {
  const { users, total, page, pages, filters, associations, assignable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  const result = actionData?.result;
  // The association select shows its own error in its row; anything else (unknown person, last admin, a crafted
  // field) is said once at the top.
  const errors = Object.entries((result?.error ?? {}) as unknown as Record<string, string[] | null>).filter(
    ([name, list]) => name !== "associationId" && list?.length,
  );
  const formError = errors.find(([name]) => name === "")?.[1]?.[0] ?? errors[0]?.[1]?.[0];
  const invited = params.get("invited");
  const done = (actionData as { done?: Done } | undefined)?.done;
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("admin.users.title")}</h1>
      {invited ? (
        <FormMessage tone="success">
          <Trans i18nKey="admin.users.invitedTo" values={{ email: invited }} components={{ ltr: <Ltr>{null}</Ltr> }} />
        </FormMessage>
      ) : null}
      {done ? <FormMessage tone="success">{t(`admin.users.saved.${done.intent}`, { name: done.name })}</FormMessage> : null}
      {formError ? <FormMessage>{t(errorKey(formError))}</FormMessage> : null}
      <p>
        <Link to="/admin/users/new" className="button">
          {t("admin.users.invite")}
        </Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t("admin.users.filters")}>
        <div className="field">
          <label htmlFor="q">{t("admin.users.search")}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} maxLength={100} />
        </div>
        <FilterSelect name="role" label={t("fields.role")} value={filters.role} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <FilterSelect
          name="association"
          label={t("fields.association")}
          value={filters.association}
          options={associations.map((a) => ({ value: a.id, label: a.name }))}
        />
        <button type="submit" className="button secondary">
          {t("admin.filter")}
        </button>
      </Form>
      <p>{t("admin.users.count", { count: total, formatted: formatNumber(total, i18n.language) })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.displayName")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("fields.association")}</th>
              <th scope="col">{t("fields.role")}</th>
              <th scope="col">{t("admin.users.status")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} assignable={assignable} result={result} />
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label={t("admin.pagination")} className="pagination">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("admin.previous")}</Link> : null}
          <span>{t("admin.pageOf", { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("admin.next")}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
