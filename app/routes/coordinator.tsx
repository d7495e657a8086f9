import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformCheckboxes, ConformSelect, ErrorSummary, FilterSelect, FormMessage, useSchemaForm } from "~/components/form";
import { Ltr, ltrText } from "~/components/ltr";
import { listAssociations } from "~/models/association.server";
import { associationOverview, enrollableOfferings, enrolMembers, type Member } from "~/models/coordinator.server";
import type { BulkOutcome } from "~/models/enrolment.server";
import type { RouteHandle } from "~/root";
import { formatDate, formatNumber } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { assertCan, can, requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

/**
 * Coordinators are association volunteers on cheap phones and metered data: like learner pages, a plain document (no
 * framework download, about 450 KB of scripts); the enrolment form is an ordinary form checked on the server.
 */
export const handle: RouteHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const ID = /^[1-9]\d{0,8}$/;
const notFound = () => data({ reason: "notFound" }, { status: 404 });

const id = (message: string) => z.string({ required_error: message, invalid_type_error: message }).regex(ID, message).transform(Number);
const enrolSchema = z.object({
  intent: z.literal("enrol", { errorMap: () => ({ message: "errors.unknownAction" }) }),
  associationId: id("errors.invalid"),
  offeringId: id("errors.required"),
  memberIds: z
    .array(z.string(), { required_error: "coordinator.errors.noMembers", invalid_type_error: "coordinator.errors.noMembers" })
    .min(1, "coordinator.errors.noMembers")
    .max(500, "errors.tooMany")
    .refine((values) => values.every((v) => ID.test(v)), "errors.invalidChoice")
    .transform((values) => [...new Set(values.map(Number))]),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:coordinator-area" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const seesAll = can(user, { action: "manage:platform" });
  const asked = new URL(request.url).searchParams.get("association");
  if (asked !== null && !ID.test(asked)) throw notFound();
  const associationId = asked !== null ? Number(asked) : seesAll ? null : user.associationId;
  const choices = seesAll ? listAssociations().map((a) => ({ id: a.id, name: a.name })) : [];
  if (associationId === null) return { title: t("coordinator.title"), choices, overview: null, offerings: [] };
  // Another association's page answers as if it did not exist.
  assertCan(user, { action: "coordinate:association", associationId }, 404);
  const overview = associationOverview(associationId, locale);
  if (!overview) throw notFound();
  return { title: `${t("coordinator.title")} — ${overview.association.name}`, choices, overview, offerings: enrollableOfferings(locale) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, { action: "use:coordinator-area" });
  const { submission } = await parseSubmission(request, enrolSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { associationId, offeringId, memberIds } = submission.value;
  assertCan(user, { action: "coordinate:association", associationId }, 404);
  const outcome = enrolMembers(associationId, offeringId, memberIds);
  if (!outcome.ok) {
    // A person outside the association: the same answer as for someone who does not exist, and nothing written.
    if (outcome.reason === "not-member") throw notFound();
    return rejectSubmission(submission, { status: 409, fieldErrors: { offeringId: ["coordinator.errors.offeringClosed"] } });
  }
  return data({ result: submission.reply({ resetForm: true }), enrolled: outcome.results });
}

function Counts({ counts }: { counts: { members: number; enrolled: number; completed: number; certified: number } }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="stat-grid coordinator-counts" aria-label={t("coordinator.summary")}>
      {(["members", "enrolled", "completed", "certified"] as const).map((key) => (
        <li key={key} data-count={key}>
          <strong>{formatNumber(counts[key], i18n.language)}</strong> {t(`coordinator.counts.${key}`, { count: counts[key] })}
        </li>
      ))}
    </ul>
  );
}

function MemberCard({ member }: { member: Member }) {
  const { t, i18n } = useTranslation();
  const day = (ms: number) => formatDate(ms, i18n.language, { dateStyle: "medium" });
  return (
    <li className="card member-card" data-member={member.id}>
      <h3>
        <bdi>{member.name}</bdi>
        {member.disabled ? <span className="hint"> — {t("coordinator.disabled")}</span> : null}
      </h3>
      {member.enrolments.length === 0 ? <p className="hint">{t("coordinator.noEnrolment")}</p> : null}
      {member.enrolments.length ? (
        <ul className="member-enrolments">
          {member.enrolments.map((e) => (
            <li key={e.id} data-enrolment={e.id}>
              <strong>{e.course}</strong> <Ltr>{e.period}</Ltr> —{" "}
              <span data-status>{e.complete ? t("coordinator.status.completed") : t(`coordinator.status.${e.status}`)}</span>
              {e.status === "enrolled" ? (
                <>
                  <br />
                  <span data-progress>
                    {t("coordinator.lessons", {
                      done: formatNumber(e.lessonsDone, i18n.language),
                      total: formatNumber(e.lessonsTotal, i18n.language),
                      count: e.lessonsTotal,
                    })}
                  </span>
                  {" · "}
                  {e.lastActivityAt ? t("coordinator.lastActivity", { date: day(e.lastActivityAt) }) : t("coordinator.noActivity")}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {member.certificates.length ? (
        <ul className="member-certificates" aria-label={t("coordinator.certificates")}>
          {member.certificates.map((c) => (
            <li key={c.code} data-certificate={c.code}>
              {t("coordinator.certificate")} <Ltr>{c.code}</Ltr> ({c.course}) —{" "}
              {c.revoked ? t("coordinator.revoked") : t("coordinator.issued", { date: day(c.issuedAt) })}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

type Overview = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["overview"]>;
type Offerings = ReturnType<typeof useLoaderData<typeof loader>>["offerings"];

function EnrolForm({ overview, offerings, lastResult }: { overview: Overview; offerings: Offerings; lastResult: unknown }) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useSchemaForm(enrolSchema, lastResult, "enrol");
  const candidates = overview.members.filter((m) => !m.disabled);
  if (offerings.length === 0) return <p className="empty">{t("coordinator.noOffering")}</p>;
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary form={form} labels={{ offeringId: t("coordinator.offering"), memberIds: t("coordinator.members") }} />
      <input type="hidden" name="intent" value="enrol" />
      <input type="hidden" name="associationId" value={overview.association.id} />
      <ConformSelect meta={fields.offeringId} label={t("coordinator.offering")}>
        <option value="">{t("fields.choose")}</option>
        {offerings.map((o) => (
          <option key={o.id} value={o.id}>
            {`${o.course} — ${ltrText(o.period)} — ${t("coordinator.seatsLeft", { count: o.seatsLeft, formatted: formatNumber(o.seatsLeft, i18n.language) })}`}
          </option>
        ))}
      </ConformSelect>
      <ConformCheckboxes
        meta={fields.memberIds}
        legend={t("coordinator.members")}
        options={candidates.map((m) => ({ value: String(m.id), label: <bdi>{m.name}</bdi> }))}
      />
      <p className="actions">
        <button type="submit" className="button">
          {t("coordinator.enrolSubmit")}
        </button>
      </p>
    </Form>
  );
}

export default function CoordinatorPage() {
  const { choices, overview, offerings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const enrolled = (actionData as { enrolled?: { userId: number; name: string; outcome: BulkOutcome }[] } | undefined)?.enrolled ?? null;
  return (
    <section className="page" aria-labelledby="coordinator-title">
      <h1 id="coordinator-title">
        {t("coordinator.title")}
        {overview ? (
          <>
            {" — "}
            <bdi>{overview.association.name}</bdi>
          </>
        ) : null}
      </h1>
      {choices.length ? (
        <Form method="get" className="filters" aria-label={t("coordinator.choose")}>
          <FilterSelect
            name="association"
            label={t("fields.association")}
            value={overview ? String(overview.association.id) : ""}
            allLabel={t("fields.choose")}
            options={choices.map((a) => ({ value: a.id, label: a.name }))}
          />
          <button type="submit" className="button secondary">
            {t("coordinator.show")}
          </button>
        </Form>
      ) : null}
      {overview ? (
        <>
          <Counts counts={overview.counts} />
          {enrolled ? (
            <FormMessage tone="success">
              {t("coordinator.done")}
              <ul className="enrol-results">
                {enrolled.map((r) => (
                  <li key={r.userId}>
                    <bdi>{r.name}</bdi> — {t(`coordinator.outcome.${r.outcome}`)}
                  </li>
                ))}
              </ul>
            </FormMessage>
          ) : null}
          <h2>{t("coordinator.membersTitle")}</h2>
          {overview.members.length === 0 ? <p className="empty">{t("coordinator.noMembers")}</p> : null}
          <ul className="card-list">
            {overview.members.map((m) => (
              <MemberCard key={m.id} member={m} />
            ))}
          </ul>
          <h2 id="enrol-title">{t("coordinator.enrolTitle")}</h2>
          <p className="hint">{t("coordinator.enrolHint")}</p>
          <EnrolForm overview={overview} offerings={offerings} lastResult={actionData?.result} />
        </>
      ) : null}
    </section>
  );
}
