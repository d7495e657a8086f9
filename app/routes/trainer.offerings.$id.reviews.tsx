import type { RouteHandle } from "~/root";
import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformTextarea, FormMessage, useSchemaForm } from "~/components/form";
import { formatBytes } from "~/components/lesson/components";
import { Ltr, ltrText } from "~/components/ltr";
import { afterCourseCompleted } from "~/models/course-completion.server";
import { localized } from "~/models/course.server";
import { getSubmissionById, reviewQueue, reviewSubmission } from "~/models/submission.server";
import { formatDate } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { notifyReviewed } from "~/models/notifications.server";
import { requireOfferingStaff } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

/** Staff pages keep the framework in the browser (learner pages are plain documents). */
export const handle: RouteHandle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.course} ${ltrText(data.period)}` : undefined }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { offering } = await requireOfferingStaff(request, params.id);
  const locale = await getLocale(request);
  const show = new URL(request.url).searchParams.get("show") === "all" ? "all" : "submitted";
  return {
    id: offering.offering.id,
    course: localized(offering.course.title, locale),
    period: offering.offering.periodLabel,
    show,
    items: reviewQueue(offering.offering.id, show).map(({ submission, lesson, learner }) => ({
      id: submission.id,
      learner: learner.displayName,
      lesson: localized(lesson.title, locale, offering.course.fallbackLocale),
      lessonSlug: lesson.slug,
      exerciseId: submission.exerciseId,
      answer: submission.answer,
      fileName: submission.fileName,
      fileSize: submission.fileSize,
      status: submission.status,
      version: submission.version,
      feedback: submission.feedback,
      submittedAt: submission.submittedAt.getTime(),
    })),
  };
}

const id = z.number({ required_error: "errors.required", invalid_type_error: "errors.invalid" }).int().positive().max(2_147_483_647);
const schema = z
  .object({
    submissionId: id,
    version: id,
    decision: z.enum(["accepted", "changes_requested"], { errorMap: () => ({ message: "errors.invalidChoice" }) }),
    feedback: z
      .string()
      .max(5000, "errors.tooLong")
      .optional()
      .transform((v) => v?.replace(/\r\n/g, "\n").trim() || null),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "changes_requested" && !value.feedback) ctx.addIssue({ code: "custom", path: ["feedback"], message: "reviews.feedbackRequired" });
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, offering } = await requireOfferingStaff(request, params.id);
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") {
    // Only the comment is typed; any other field wrong means a form that was not ours.
    const tampered = Object.keys(submission.error ?? {}).some((field) => field !== "feedback");
    return rejectSubmission(submission, tampered ? { formErrors: ["errors.invalid"] } : {});
  }
  const { submissionId, version, decision, feedback } = submission.value;
  const found = getSubmissionById(submissionId);
  // A trainer reviews only the work of the offering in the URL, which they were checked against.
  if (!found || found.enrolment.offeringId !== offering.offering.id) return rejectSubmission(submission, { status: 404, formErrors: ["reviews.unknown"] });
  const reviewed = reviewSubmission(submissionId, user.id, decision, feedback, version);
  if (!reviewed) return rejectSubmission(submission, { status: 409, formErrors: ["reviews.alreadyReviewed"] });
  await notifyReviewed({ learner: found.learner, decision, course: offering.course, lesson: found.lesson, exerciseId: found.submission.exerciseId });
  if (reviewed.courseCompleted) afterCourseCompleted(found.enrolment.id);
  return redirect(`/trainer/offerings/${offering.offering.id}/reviews?done=${decision}`);
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** The decision on one submission. A refused decision comes back to the card it was made on, with its comment. */
function ReviewForm({ item, lastResult }: { item: Item; lastResult: unknown }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, lastResult, `review-form-${item.id}`);
  const formError = form.errors?.[0];
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      {formError ? <FormMessage>{t(formError)}</FormMessage> : null}
      <input type="hidden" name={fields.submissionId.name} value={item.id} />
      <input type="hidden" name={fields.version.name} value={item.version} />
      <ConformTextarea meta={fields.feedback} label={t("reviews.feedback")} rows={4} maxLength={5000} dir="auto" />
      <p className="actions">
        <button type="submit" name={fields.decision.name} value="accepted" className="button">
          {t("reviews.accept")}
        </button>
        <button type="submit" name={fields.decision.name} value="changes_requested" className="button secondary">
          {t("reviews.requestChanges")}
        </button>
      </p>
    </Form>
  );
}

export default function ReviewQueue() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const done = params.get("done");
  // The reply carries the values sent, so it can be given back to the card it came from.
  const repliedTo = (actionData?.result as { initialValue?: { submissionId?: unknown } } | undefined)?.initialValue?.submissionId;
  const unplaced = actionData && !d.items.some((s) => String(s.id) === repliedTo) ? actionData.result.error?.[""]?.[0] : undefined;
  return (
    <section className="page" aria-labelledby="reviews-title">
      <p>
        <Link to={`/trainer/offerings/${d.id}`}>
          {d.course} <Ltr>{d.period}</Ltr>
        </Link>
      </p>
      <h1 id="reviews-title">{t("trainer.reviewQueue")}</h1>
      {done ? <FormMessage tone="success">{t(`reviews.done.${done === "accepted" ? "accepted" : "changes_requested"}`)}</FormMessage> : null}
      {unplaced ? <FormMessage>{t(unplaced)}</FormMessage> : null}
      <p>{d.show === "all" ? <Link to="?">{t("reviews.showWaiting")}</Link> : <Link to="?show=all">{t("reviews.showAll")}</Link>}</p>
      {d.items.length === 0 ? <p className="empty">{t("reviews.empty")}</p> : null}
      {d.items.map((s) => (
        <article key={s.id} className="card review" aria-labelledby={`review-${s.id}`}>
          <h2 id={`review-${s.id}`}>
            <bdi>{s.learner}</bdi> — {s.lesson}
          </h2>
          <p className="meta">
            {t(`reviews.status.${s.status}`)} · {t("reviews.version", { version: s.version })} ·{" "}
            {formatDate(s.submittedAt, i18n.language, { dateStyle: "medium", timeStyle: "short" })}
          </p>
          {/* Learner text is shown as text, never as HTML or MDX. */}
          <div className="learner-answer" dir="auto">
            {s.answer}
          </div>
          {s.fileName ? (
            <p>
              <a href={`/submissions/${s.id}/file`} download>
                <Ltr>{s.fileName}</Ltr>
              </a>{" "}
              <span className="hint">({formatBytes(s.fileSize ?? 0, i18n.language)})</span>
            </p>
          ) : null}
          {s.status === "submitted" ? (
            <ReviewForm item={s} lastResult={String(s.id) === repliedTo ? actionData?.result : undefined} />
          ) : s.feedback ? (
            <p>
              <strong>{t("lesson.exercise.trainerFeedback")}</strong> <bdi className="learner-text">{s.feedback}</bdi>
            </p>
          ) : null}
        </article>
      ))}
    </section>
  );
}
