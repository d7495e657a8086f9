import { getFormProps, getInputProps } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { User } from "../../db/schema";
import { ConformTextarea, FormMessage, errorKey, useSchemaForm } from "~/components/form";
import { Ltr, ltrText } from "~/components/ltr";
import { OfferingForm, checkOfferingDates, offeringInput, saveOfferingFields, saveOfferingSchema, toDayString } from "~/components/offering-form";
import { listCourses, localized } from "~/models/course.server";
import { EnrolmentError, bulkEnrol, getEnrolment, promoteOne, promoteWaitlisted, withdraw, type BulkOutcome, type BulkResult } from "~/models/enrolment.server";
import { closeOffering, getOffering, listTrainers, reopenOffering, saveOffering, seatsLeft } from "~/models/offering.server";
import { rosterOf } from "~/models/roster.server";
import { requirePermission } from "~/utils/permissions.server";
import { assertFound, idParam } from "~/utils/http.server";
import { formatNumber } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { notifyBulkInvitation, notifyPromoted, notifyWaitlistReleased } from "~/models/notifications.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const locale = await getLocale(request);
  const o = found.offering;
  const course = localized(found.course.title, locale);
  return {
    // The document title cannot hold <bdi>: Unicode isolates (LRI … PDI) keep the period in order in an Arabic title.
    title: `${course} ${ltrText(o.periodLabel)}`,
    course,
    period: o.periodLabel,
    id: o.id,
    status: o.status,
    capacity: o.capacity,
    enrolled: found.enrolled,
    waitlisted: found.waitlisted,
    seatsLeft: seatsLeft(o.capacity, found.enrolled),
    defaults: {
      courseId: o.courseId,
      periodLabel: o.periodLabel,
      enrolOpensAt: toDayString(o.enrolOpensAt.getTime()),
      enrolClosesAt: toDayString(o.enrolClosesAt.getTime()),
      startsAt: toDayString(o.startsAt.getTime()),
      endsAt: toDayString(o.endsAt.getTime()),
      capacity: String(o.capacity),
      languages: o.languages,
      ...(o.status === "closed" ? {} : { status: o.status }),
      trainerIds: found.trainers.map((tr) => String(tr.id)),
    },
    courses: listCourses().map(({ course }) => ({ id: course.id, title: localized(course.title, locale) })),
    trainers: listTrainers(),
    roster: rosterOf(o.id).map((r) => ({ enrolmentId: r.enrolmentId, name: r.name, email: r.email, status: r.status, percent: r.percent })),
  };
}

const CSV_LIMIT = 1024 * 1024;
// Decimal digits only: a number field would also take "1e3" or "0x10".
const recordId = z
  .string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" })
  .regex(/^[1-9]\d{0,8}$/, "errors.invalid")
  .transform(Number);

const closeSchema = z.object({ intent: z.literal("close") });
const reopenSchema = z.object({ intent: z.literal("reopen") });
const rosterSchema = z.object({ intent: z.enum(["withdraw", "promote"], { errorMap: () => ({ message: "errors.unknownAction" }) }), enrolmentId: recordId });
const bulkFields = z.object({
  intent: z.literal("bulk"),
  emails: z.string({ invalid_type_error: "errors.invalid" }).max(60_000, "errors.tooLong").optional(),
  csv: z
    .instanceof(File, { message: "errors.invalid" })
    .optional()
    .refine((file) => !file || file.size <= CSV_LIMIT, "bulk.tooLarge"),
  invite: z.boolean({ invalid_type_error: "errors.invalid" }).optional(),
});
function checkBulkList(v: { emails?: string; csv?: File }, ctx: z.RefinementCtx) {
  if (!v.emails?.trim() && !v.csv) ctx.addIssue({ code: "custom", path: ["emails"], message: "bulk.empty" });
}
const bulkSchema = bulkFields.superRefine(checkBulkList);

/** Every form of this page, told apart by `intent`; an unknown intent is a 400 like any invalid field. */
const actionSchema = z
  .discriminatedUnion("intent", [saveOfferingFields, closeSchema, reopenSchema, rosterSchema, bulkFields], {
    errorMap: () => ({ message: "errors.unknownAction" }),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "save") checkOfferingDates(v, ctx);
    if (v.intent === "bulk") checkBulkList(v, ctx);
  });

type Submission = Awaited<ReturnType<typeof parseSubmission<typeof actionSchema>>>["submission"];
type Value = z.output<typeof actionSchema>;
type Found = NonNullable<ReturnType<typeof getOffering>>;

export type ClosedSummary = { alreadyClosed: boolean; enrolled: number; completed: number; released: number };
export type BulkSummary = { results: BulkResult[]; counts: Record<BulkOutcome, number> };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const { submission } = await parseSubmission(request, actionSchema, { uploads: true });
  if (submission.status !== "success") return rejectSubmission(submission);
  const value = submission.value;
  switch (value.intent) {
    case "save":
      return saveAction(submission, found, value);
    case "close":
      return closeAction(submission, found);
    case "reopen":
      return reopenAction(submission, found);
    case "withdraw":
    case "promote":
      return rosterAction(submission, found, value.intent, value.enrolmentId);
    case "bulk":
      return bulkAction(submission, found, value, admin);
  }
}

async function saveAction(submission: Submission, found: Found, value: Extract<Value, { intent: "save" }>) {
  const id = found.offering.id;
  // A closed offering's form carries no status; the model keeps it closed whatever is posted.
  const saved = saveOffering(offeringInput(value, value.status ?? found.offering.status), id);
  if (!saved.ok) return rejectSubmission(submission, { fieldErrors: Object.fromEntries(saved.issues.map((i) => [i.field, [i.error]])) });
  // More seats than before: the waitlist moves up at once.
  await notifyPromoted(promoteWaitlisted(id));
  return redirect(`/admin/offerings/${id}?saved=1`);
}

async function closeAction(submission: Submission, found: Found) {
  const closed = closeOffering(found.offering.id);
  if (!closed.ok) throw data({ reason: "notFound" }, { status: 404 });
  await notifyWaitlistReleased(closed.released);
  const summary: ClosedSummary = {
    alreadyClosed: closed.alreadyClosed,
    enrolled: closed.enrolled,
    completed: closed.completed,
    released: closed.released.length,
  };
  return data({ result: submission.reply({ resetForm: true }), closed: summary });
}

async function reopenAction(submission: Submission, found: Found) {
  const reopened = reopenOffering(found.offering.id);
  if (!reopened.ok) return rejectSubmission(submission, { status: 409, formErrors: ["offerings.errors.notClosed"] });
  return redirect(`/admin/offerings/${found.offering.id}?done=reopened`);
}

async function rosterAction(submission: Submission, found: Found, intent: "withdraw" | "promote", enrolmentId: number) {
  const id = found.offering.id;
  const enrolment = getEnrolment(enrolmentId);
  if (!enrolment || enrolment.offeringId !== id) return rejectSubmission(submission, { status: 404, formErrors: ["offerings.errors.unknownEnrolment"] });
  if (intent === "withdraw") {
    if (enrolment.status === "withdrawn") return rejectSubmission(submission, { status: 409, formErrors: ["offerings.errors.alreadyWithdrawn"] });
    try {
      const { promoted } = withdraw(enrolment.id);
      await notifyPromoted(promoted);
    } catch (error) {
      // Withdrawn by someone else between the read and the write.
      if (error instanceof EnrolmentError) return rejectSubmission(submission, { status: 409, formErrors: ["offerings.errors.alreadyWithdrawn"] });
      throw error;
    }
    return redirect(`/admin/offerings/${id}?done=withdrawn`);
  }
  const promoted = promoteOne(enrolment.id);
  if (promoted === "full") return rejectSubmission(submission, { status: 409, formErrors: ["offerings.errors.full"] });
  if (promoted === "not-waitlisted") return rejectSubmission(submission, { status: 409, formErrors: ["offerings.errors.notWaitlisted"] });
  await notifyPromoted([promoted]);
  return redirect(`/admin/offerings/${id}?done=promoted`);
}

async function bulkAction(submission: Submission, found: Found, value: Extract<Value, { intent: "bulk" }>, admin: User) {
  const csv = value.csv ? new Uint8Array(await value.csv.arrayBuffer()) : null;
  const outcome = bulkEnrol(found.offering.id, { pasted: value.emails, csv, invite: value.invite ?? false });
  if (!outcome.ok) {
    const status = outcome.reason === "closed" ? 409 : 400;
    return data({ result: submission.reply({ formErrors: [`bulk.${outcome.reason}`] }), junk: outcome.lines ?? null }, { status });
  }
  await notifyBulkInvitation(outcome.invited, admin.displayName);
  const summary: BulkSummary = { results: outcome.results, counts: outcome.counts };
  return data({ result: submission.reply({ resetForm: true }), bulk: summary });
}

type ActionData = {
  result?: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> };
  closed?: ClosedSummary;
  bulk?: BulkSummary;
  junk?: { line: number; text: string }[] | null;
};

/** The action's answer, for the form that sent it only (several forms share this page). */
function resultOf(actionData: ActionData | undefined, intents: string[]) {
  const intent = actionData?.result?.initialValue?.intent;
  return typeof intent === "string" && intents.includes(intent) ? actionData?.result : undefined;
}

function RosterActions({ enrolmentId, waitlisted }: { enrolmentId: number; waitlisted: boolean }) {
  const { t } = useTranslation();
  const [form] = useSchemaForm(rosterSchema, undefined, `roster-${enrolmentId}`);
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="enrolmentId" value={enrolmentId} />
      {waitlisted ? (
        <button type="submit" name="intent" value="promote" className="button small secondary">
          {t("offerings.promote")}
        </button>
      ) : null}
      <button type="submit" name="intent" value="withdraw" className="button small secondary">
        {t("offerings.withdraw")}
      </button>
    </Form>
  );
}

function BulkForm({ lastResult }: { lastResult: unknown }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(bulkSchema, lastResult, "bulk");
  const csvProps = getInputProps(fields.csv, { type: "file" });
  return (
    <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="bulk" />
      <ConformTextarea meta={fields.emails} label={t("bulk.emails")} hint={t("bulk.emailsHint")} rows={6} dir="ltr" />
      <div className="field">
        <label htmlFor={fields.csv.id}>{t("bulk.csv")}</label>
        <input {...csvProps} key={csvProps.key} accept=".csv,text/csv,text/plain" />
        {fields.csv.errors?.[0] ? (
          <p className="field-error" id={fields.csv.errorId}>
            {t(errorKey(fields.csv.errors[0]))}
          </p>
        ) : null}
      </div>
      <label className="check">
        <input type="checkbox" name="invite" id={fields.invite.id} defaultChecked={fields.invite.initialValue === "on"} /> {t("bulk.invite")}
      </label>
      <button type="submit" className="button">
        {t("bulk.submit")}
      </button>
    </Form>
  );
}

function StateForm({ intent, label, hint }: { intent: "close" | "reopen"; label: string; hint: string }) {
  const [form] = useSchemaForm(intent === "close" ? closeSchema : reopenSchema, undefined, intent);
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <p className="hint">{hint}</p>
      <button type="submit" className="button secondary">
        {label}
      </button>
    </Form>
  );
}

export default function EditOffering() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const error = actionData?.result?.error;
  // Form-level refusals of the small forms (unknown enrolment, seats full, list refused) are shown here; the edit
  // form's own errors are in its summary.
  const saving = actionData?.result?.initialValue?.intent === "save";
  const pageError = saving ? undefined : (error?.[""]?.[0] ?? error?.intent?.[0] ?? error?.enrolmentId?.[0]);
  const done = params.get("done");
  return (
    <section aria-labelledby="offering-title">
      <p>
        <Link to="/admin/offerings">{t("offerings.adminTitle")}</Link> · <Link to={`/trainer/offerings/${d.id}`}>{t("offerings.followLearners")}</Link> ·{" "}
        <Link to={`/admin/offerings/${d.id}/certificates`}>{t("certificates.title")}</Link>
      </p>
      <h1 id="offering-title">
        <bdi>{d.course}</bdi> <Ltr>{d.period}</Ltr>
      </h1>
      {params.get("saved") ? <FormMessage tone="success">{t("offerings.saved")}</FormMessage> : null}
      {done === "promoted" || done === "withdrawn" || done === "reopened" ? <FormMessage tone="success">{t(`offerings.done.${done}`)}</FormMessage> : null}
      {actionData?.closed ? (
        <FormMessage tone="success">
          {actionData.closed.alreadyClosed
            ? t("offerings.closedAlready")
            : t("offerings.closedSummary", {
                count: actionData.closed.enrolled,
                enrolled: n(actionData.closed.enrolled),
                completed: n(actionData.closed.completed),
              })}{" "}
          {actionData.closed.released ? t("offerings.closedReleased", { count: actionData.closed.released, released: n(actionData.closed.released) }) : null}
        </FormMessage>
      ) : null}
      {pageError ? (
        <FormMessage>
          {t(errorKey(pageError))}
          {actionData?.junk ? (
            <ul>
              {actionData.junk.map((j) => (
                <li key={j.line}>
                  {t("bulk.line", { line: j.line })} <Ltr>{j.text}</Ltr>
                </li>
              ))}
            </ul>
          ) : null}
        </FormMessage>
      ) : null}
      {actionData?.bulk ? (
        <FormMessage tone="success">
          <p>{t("bulk.done")}</p>
          <ul className="bulk-results">
            {actionData.bulk.results.map((r) => (
              <li key={r.email}>
                <Ltr>{r.email}</Ltr> — {t(`bulk.outcome.${r.outcome}`)}
              </li>
            ))}
          </ul>
        </FormMessage>
      ) : null}

      <div className="columns">
        <div className="narrow">
          <h2>{t("offerings.edit")}</h2>
          <OfferingForm
            id="offering"
            schema={saveOfferingSchema}
            lastResult={resultOf(actionData, ["save"])}
            defaults={d.defaults}
            courses={d.courses}
            trainers={d.trainers}
            closed={d.status === "closed"}
            submitLabel={t("admin.save")}
          />
          {d.status === "closed" ? (
            <StateForm intent="reopen" label={t("offerings.reopen")} hint={t("offerings.reopenHint")} />
          ) : (
            <StateForm intent="close" label={t("offerings.close")} hint={t("offerings.closeHint")} />
          )}
        </div>
        <div>
          <h2>{t("offerings.enrolments")}</h2>
          <p>
            {t("offerings.seatsUsed", { enrolled: n(d.enrolled), capacity: n(d.capacity) })}{" "}
            {d.seatsLeft > 0 ? t("offerings.seatsLeft", { count: d.seatsLeft }) : t("offerings.full", { count: d.waitlisted })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("fields.displayName")}</th>
                  <th scope="col">{t("fields.status")}</th>
                  <th scope="col">{t("trainer.progress")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("offerings.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.roster.map((r) => (
                  <tr key={r.enrolmentId}>
                    <td>
                      <bdi>{r.name}</bdi>
                      <br />
                      <span className="meta">
                        <Ltr>{r.email}</Ltr>
                      </span>
                    </td>
                    <td>{t(`offerings.statusOf.${r.status}`)}</td>
                    <td>
                      <Ltr>{formatNumber(r.percent / 100, i18n.language, { style: "percent" })}</Ltr>
                    </td>
                    <td>
                      <RosterActions enrolmentId={r.enrolmentId} waitlisted={r.status === "waitlisted"} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("bulk.title")}</h2>
          {d.status === "closed" ? <p>{t("bulk.closed")}</p> : <BulkForm lastResult={resultOf(actionData, ["bulk"])} />}
        </div>
      </div>
    </section>
  );
}
