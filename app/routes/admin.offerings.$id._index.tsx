import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TOO_LARGE, fileField, readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/form";
import { OfferingForm, endOfDay, readOfferingForm, startOfDay, toDayString } from "~/components/offering-form";
import { getCourse, listCourses, localized } from "~/models/course.server";
import { bulkEnrol, getEnrolment, promoteOne, promoteWaitlisted, withdraw, type BulkResult } from "~/models/enrolment.server";
import { getOffering, listTrainers, saveOffering } from "~/models/offering.server";
import { issuePasswordToken } from "~/models/password-token.server";
import { rosterOf } from "~/models/roster.server";
import { createUser, getUserById } from "~/models/user.server";
import { requirePermission } from "~/utils/permissions.server";
import { sendPasswordLinkEmail } from "~/utils/email.server";
import { MAX_BULK, decodeCsv, parseEmailList } from "~/utils/email-list.server";
import { assertFound, idParam, invalid } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";
import { notifyPromoted } from "~/utils/notifications.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const locale = await getLocale(request);
  const o = found.offering;
  return {
    title: `${localized(found.course.title, locale)} ${o.periodLabel}`,
    id: o.id,
    status: o.status,
    capacity: o.capacity,
    enrolled: found.enrolled,
    values: {
      courseId: o.courseId,
      periodLabel: o.periodLabel,
      enrolOpensAt: toDayString(o.enrolOpensAt.getTime()),
      enrolClosesAt: toDayString(o.enrolClosesAt.getTime()),
      startsAt: toDayString(o.startsAt.getTime()),
      endsAt: toDayString(o.endsAt.getTime()),
      capacity: String(o.capacity),
      languages: o.languages,
      status: o.status,
      trainerIds: found.trainers.map((tr) => String(tr.id)),
    },
    courses: listCourses().map(({ course }) => ({ id: course.id, title: localized(course.title, locale) })),
    trainers: listTrainers(),
    roster: rosterOf(o.id).map((r) => ({ enrolmentId: r.enrolmentId, name: r.name, email: r.email, status: r.status, percent: r.percent })),
  };
}

type ActionResult = { errors?: Record<string, string>; values?: Record<string, unknown>; message?: string; bulk?: BulkResult[]; junk?: { line: number; text: string }[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const id = found.offering.id;
  const form = await readFormData(request, { uploads: true });
  const intent = form.get("intent");

  if (intent === "save") {
    const parsed = readOfferingForm(form);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values as unknown as Record<string, string>);
    const v = parsed.data;
    const trainerIds = new Set(listTrainers().map((tr) => tr.id));
    if (!getCourse(v.courseId)) return invalid({ courseId: "errors.invalidChoice" }, v as unknown as Record<string, string>);
    if (v.trainerIds.some((tid) => !trainerIds.has(tid))) return invalid({ trainerIds: "errors.invalidChoice" }, v as unknown as Record<string, string>);
    const saved = saveOffering({ ...v, enrolOpensAt: startOfDay(v.enrolOpensAt), enrolClosesAt: endOfDay(v.enrolClosesAt), startsAt: startOfDay(v.startsAt), endsAt: endOfDay(v.endsAt) }, id);
    if (!saved.ok) return invalid({ [saved.field]: saved.error }, { ...v, trainerIds: v.trainerIds.map(String) } as unknown as Record<string, string>);
    // More seats than before: the waitlist moves up at once.
    await notifyPromoted(promoteWaitlisted(id));
    return redirect(`/admin/offerings/${id}?saved=1`);
  }

  if (intent === "withdraw" || intent === "promote") {
    const enrolment = getEnrolment(Number(form.get("enrolmentId")));
    if (!enrolment || enrolment.offeringId !== id) return data<ActionResult>({ message: "offerings.errors.unknownEnrolment" }, { status: 404 });
    if (intent === "withdraw") {
      if (enrolment.status === "withdrawn") return data<ActionResult>({ message: "offerings.errors.unknownEnrolment" }, { status: 409 });
      const { promoted } = withdraw(enrolment.id);
      await notifyPromoted(promoted);
      return redirect(`/admin/offerings/${id}?done=withdrawn`);
    }
    const promoted = promoteOne(enrolment.id);
    if (promoted === "full") return data<ActionResult>({ message: "offerings.errors.full" }, { status: 409 });
    if (promoted === "not-waitlisted") return data<ActionResult>({ message: "offerings.errors.unknownEnrolment" }, { status: 409 });
    await notifyPromoted([promoted]);
    return redirect(`/admin/offerings/${id}?done=promoted`);
  }

  if (intent === "bulk") {
    const file = fileField(form, "csv", 1024 * 1024);
    const pasted = form.get("emails");
    if (file === TOO_LARGE) return data<ActionResult>({ message: "bulk.tooLarge" }, { status: 413 });
    // The pasted list and the file are read separately, so line numbers in messages match the file.
    const sources: string[] = [];
    if (typeof pasted === "string" && pasted.trim()) sources.push(pasted);
    if (file) {
      const decoded = decodeCsv(new Uint8Array(await file.arrayBuffer()));
      if (decoded === null) return data<ActionResult>({ message: "bulk.encoding" }, { status: 400 });
      sources.push(decoded);
    }
    const emails: string[] = [];
    for (const source of sources) {
      const list = parseEmailList(source);
      if (!list.ok) return data<ActionResult>({ message: `bulk.${list.reason}`, junk: list.reason === "junk" ? list.lines : undefined }, { status: 400 });
      emails.push(...list.emails);
    }
    const unique = [...new Set(emails)];
    if (!unique.length) return data<ActionResult>({ message: "bulk.empty" }, { status: 400 });
    if (unique.length > MAX_BULK) return data<ActionResult>({ message: "bulk.tooMany" }, { status: 400 });
    const invite = form.get("invite") === "on";
    const invitedIds: number[] = [];
    const results = bulkEnrol(
      id,
      unique,
      invite
        ? (email) => {
            const user = createUser({ email, displayName: email.split("@")[0], passwordHash: null, role: "learner", locale: "ar" });
            if (user) invitedIds.push(user.id);
            return user?.id ?? null;
          }
        : undefined,
    );
    for (const userId of invitedIds) {
      const user = getUserById(userId)!;
      await sendPasswordLinkEmail(user, "invite", issuePasswordToken(user.id, "invite"), admin.displayName);
    }
    return data<ActionResult>({ bulk: results });
  }

  if (intent === "close") {
    const o = found.offering;
    saveOffering(
      {
        courseId: o.courseId,
        periodLabel: o.periodLabel,
        enrolOpensAt: o.enrolOpensAt,
        enrolClosesAt: o.enrolClosesAt,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        capacity: o.capacity,
        languages: o.languages,
        status: "closed",
        trainerIds: found.trainers.map((tr) => tr.id),
      },
      id,
    );
    return redirect(`/admin/offerings/${id}?saved=1`);
  }
  return data<ActionResult>({ message: "errors.invalid" }, { status: 400 });
}

export default function EditOffering() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="offering-title">
      <p>
        <Link to="/admin/offerings">{t("offerings.adminTitle")}</Link> · <Link to={`/trainer/offerings/${d.id}`}>{t("offerings.followLearners")}</Link> ·{" "}
        <Link to={`/admin/offerings/${d.id}/certificates`}>{t("certificates.title")}</Link>
      </p>
      <h1 id="offering-title">{d.title}</h1>
      {params.get("saved") ? <FormMessage tone="success">{t("offerings.saved")}</FormMessage> : null}
      {params.get("done") ? <FormMessage tone="success">{t(`offerings.done.${params.get("done") === "promoted" ? "promoted" : "withdrawn"}`)}</FormMessage> : null}
      {actionData?.message ? (
        <FormMessage>
          {t(actionData.message)}
          {actionData.junk ? (
            <ul>
              {actionData.junk.map((j) => (
                <li key={j.line}>
                  {t("bulk.line", { line: j.line })} <code dir="ltr">{j.text}</code>
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
            {actionData.bulk.map((r) => (
              <li key={r.email}>
                <span dir="ltr">{r.email}</span> — {t(`bulk.outcome.${r.outcome}`)}
              </li>
            ))}
          </ul>
        </FormMessage>
      ) : null}

      <div className="columns">
        <div className="narrow">
          <h2>{t("offerings.edit")}</h2>
          <OfferingForm
            values={(actionData?.values as never) ?? d.values}
            errors={actionData?.errors}
            courses={d.courses}
            trainers={d.trainers}
            submitLabel={t("admin.save")}
          />
          {d.status !== "closed" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <button type="submit" className="button secondary">
                {t("offerings.close")}
              </button>
            </Form>
          ) : null}
        </div>
        <div>
          <h2>{t("offerings.enrolments")}</h2>
          <p>{t("offerings.seatsUsed", { enrolled: d.enrolled, capacity: d.capacity })}</p>
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
                      <span className="meta" dir="ltr">
                        {r.email}
                      </span>
                    </td>
                    <td>{t(`offerings.statusOf.${r.status}`)}</td>
                    <td>{r.percent}%</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="enrolmentId" value={r.enrolmentId} />
                        {r.status === "waitlisted" ? (
                          <button type="submit" name="intent" value="promote" className="button small secondary">
                            {t("offerings.promote")}
                          </button>
                        ) : null}
                        <button type="submit" name="intent" value="withdraw" className="button small secondary">
                          {t("offerings.withdraw")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("bulk.title")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="bulk" />
            <div className="field">
              <label htmlFor="bulk-emails">{t("bulk.emails")}</label>
              <p className="hint">{t("bulk.emailsHint")}</p>
              <textarea id="bulk-emails" name="emails" rows={6} dir="ltr" />
            </div>
            <div className="field">
              <label htmlFor="bulk-csv">{t("bulk.csv")}</label>
              <input id="bulk-csv" type="file" name="csv" accept=".csv,text/csv,text/plain" />
            </div>
            <label className="check">
              <input type="checkbox" name="invite" /> {t("bulk.invite")}
            </label>
            <button type="submit" className="button">
              {t("bulk.submit")}
            </button>
          </Form>
        </div>
      </div>
    </section>
  );
}
