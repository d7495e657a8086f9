import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ROLES } from "../../db/enums";
import { FilterSelect, FormMessage } from "~/components/form";
import { listAssociations } from "~/models/association.server";
import { countAdmins, getUserById, listUsers, updateUser } from "~/models/user.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseForm, roleField } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";
import { invalidateUserSessions } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const PAGE_SIZE = 50;

const filterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  association: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  const params = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = params.page ?? 1;
  const { rows, total } = listUsers({ q: params.q || undefined, role: params.role, associationId: params.association, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    title: t("admin.users.title"),
    users: rows,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    filters: { q: params.q ?? "", role: params.role ?? "", association: params.association ? String(params.association) : "" },
    associations: listAssociations().map((a) => ({ id: a.id, name: a.name })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), userId: z.coerce.number().int().positive(), role: roleField }),
  z.object({ intent: z.literal("disable"), userId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("enable"), userId: z.coerce.number().int().positive() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const form = parseForm(actionSchema, await readFormData(request));
  if (!form.ok) return invalid({ form: "errors.invalid" });
  const target = getUserById(form.data.userId);
  if (!target) return invalid({ form: "admin.users.unknown" }, {}, 404);
  // An admin cannot lock themselves out, so the platform always keeps one working admin.
  if (target.id === admin.id && (form.data.intent === "disable" || (form.data.intent === "role" && form.data.role !== "admin"))) {
    return invalid({ form: "admin.users.notYourself" }, {}, 409);
  }
  if (form.data.intent === "role") {
    if (target.role === "admin" && form.data.role !== "admin" && countAdmins() <= 1) return invalid({ form: "admin.users.lastAdmin" }, {}, 409);
    updateUser(target.id, { role: form.data.role });
  } else if (form.data.intent === "disable") {
    updateUser(target.id, { disabled: true });
    invalidateUserSessions(target.id);
  } else {
    updateUser(target.id, { disabled: false });
  }
  return { ok: true as const, message: `admin.users.saved.${form.data.intent}`, name: target.displayName, errors: undefined };
}

export default function AdminUsers() {
  const { users, total, page, pages, filters, associations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("admin.users.title")}</h1>
      {params.get("invited") ? <FormMessage tone="success">{t("admin.users.invited", { email: params.get("invited") })}</FormMessage> : null}
      {actionData?.ok ? <FormMessage tone="success">{t(actionData.message, { name: actionData.name })}</FormMessage> : null}
      {actionData?.errors?.form ? <FormMessage>{t(actionData.errors.form)}</FormMessage> : null}
      <p>
        <Link to="/admin/users/new" className="button">
          {t("admin.users.invite")}
        </Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t("admin.users.filters")}>
        <div className="field">
          <label htmlFor="q">{t("admin.users.search")}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} />
        </div>
        <FilterSelect name="role" label={t("fields.role")} value={filters.role} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <FilterSelect name="association" label={t("fields.association")} value={filters.association} options={associations.map((a) => ({ value: a.id, label: a.name }))} />
        <button type="submit" className="button secondary">
          {t("admin.filter")}
        </button>
      </Form>
      <p>{t("admin.users.count", { count: total })}</p>
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
              <tr key={u.id}>
                <td>
                  <bdi>{u.displayName}</bdi>
                </td>
                <td dir="ltr">{u.email}</td>
                <td>{u.associationName ? <bdi>{u.associationName}</bdi> : "—"}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={u.id} />
                    <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                      {t("admin.users.roleOf", { name: u.displayName })}
                    </label>
                    <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                      {ROLES.map((r) => (
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
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <span>{u.disabled ? t("admin.users.disabled") : u.hasPassword ? t("admin.users.active") : t("admin.users.invitedStatus")}</span>
                    <button type="submit" name="intent" value={u.disabled ? "enable" : "disable"} className="button small secondary">
                      {u.disabled ? t("admin.users.enable") : t("admin.users.disable")}
                    </button>
                  </Form>
                </td>
              </tr>
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
