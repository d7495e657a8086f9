import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { formatBytes } from "~/components/lesson/components";
import { localized } from "~/models/course.server";
import { getSubmissionById, reviewQueue, reviewSubmission } from "~/models/submission.server";
import { requireOfferingStaff } from "~/utils/permissions.server";
import { sendNotice } from "~/utils/email.server";
import { formatDate } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.course }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { offering } = await requireOfferingStaff(request, params.id);
  const locale = await getLocale(request);
  const show = new URL(request.url).searchParams.get("show") === "all" ? "all" : "submitted";
  return {
    id: offering.offering.id,
    course: `${localized(offering.course.title, locale)} ${offering.offering.periodLabel}`,
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

const schema = z.object({
  submissionId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  decision: z.enum(["accepted", "changes_requested"]),
  feedback: z.string().max(5000).optional().transform((v) => v?.replace(/\r\n/g, "\n").trim() || null),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, offering } = await requireOfferingStaff(request, params.id);
  const parsed = schema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ error: "errors.invalid", submissionId: null }, { status: 400 });
  const { submissionId, version, decision, feedback } = parsed.data;
  const found = getSubmissionById(submissionId);
  // A trainer reviews only the work of the offering in the URL, which they were checked against.
  if (!found || found.enrolment.offeringId !== offering.offering.id) return data({ error: "reviews.unknown", submissionId }, { status: 404 });
  if (decision === "changes_requested" && !feedback) return data({ error: "reviews.feedbackRequired", submissionId }, { status: 400 });
  const reviewed = reviewSubmission(submissionId, user.id, decision, feedback, version);
  if (!reviewed) return data({ error: "reviews.alreadyReviewed", submissionId }, { status: 409 });
  await sendNotice(
    found.learner,
    `review-${decision}`,
    { subject: `email.review.${decision}.subject`, body: [`email.review.${decision}.body`], action: "email.review.action" },
    { course: localized(offering.course.title, found.learner.locale), lesson: localized(found.lesson.title, found.learner.locale, offering.course.fallbackLocale) },
    `/courses/${offering.course.id}/${found.lesson.slug}#exercise-${found.submission.exerciseId}`,
  );
  return redirect(`/trainer/offerings/${offering.offering.id}/reviews?done=${decision}`);
}

export default function ReviewQueue() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const done = params.get("done");
  return (
    <section className="page" aria-labelledby="reviews-title">
      <p>
        <Link to={`/trainer/offerings/${d.id}`}>{d.course}</Link>
      </p>
      <h1 id="reviews-title">{t("trainer.reviewQueue")}</h1>
      {done ? <FormMessage tone="success">{t(`reviews.done.${done === "accepted" ? "accepted" : "changes_requested"}`)}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{t(actionData.error)}</FormMessage> : null}
      <p>
        {d.show === "all" ? <Link to="?">{t("reviews.showWaiting")}</Link> : <Link to="?show=all">{t("reviews.showAll")}</Link>}
      </p>
      {d.items.length === 0 ? <p className="empty">{t("reviews.empty")}</p> : null}
      {d.items.map((s) => (
        <article key={s.id} className="card review" aria-labelledby={`review-${s.id}`}>
          <h2 id={`review-${s.id}`}>
            <bdi>{s.learner}</bdi> — {s.lesson}
          </h2>
          <p className="meta">
            {t(`reviews.status.${s.status}`)} · {t("reviews.version", { version: s.version })} · {formatDate(s.submittedAt, i18n.language, { dateStyle: "medium", timeStyle: "short" })}
          </p>
          {/* Learner text is shown as text, never as HTML or MDX. */}
          <div className="learner-answer" dir="auto">
            {s.answer}
          </div>
          {s.fileName ? (
            <p>
              <a href={`/submissions/${s.id}/file`} download>
                <bdi>{s.fileName}</bdi>
              </a>{" "}
              <span className="hint">({formatBytes(s.fileSize ?? 0, i18n.language)})</span>
            </p>
          ) : null}
          {s.status === "submitted" ? (
            <Form method="post" className="stack">
              <input type="hidden" name="submissionId" value={s.id} />
              <input type="hidden" name="version" value={s.version} />
              <div className="field">
                <label htmlFor={`feedback-${s.id}`}>{t("reviews.feedback")}</label>
                <textarea id={`feedback-${s.id}`} name="feedback" rows={4} maxLength={5000} />
              </div>
              <p className="actions">
                <button type="submit" name="decision" value="accepted" className="button">
                  {t("reviews.accept")}
                </button>
                <button type="submit" name="decision" value="changes_requested" className="button secondary">
                  {t("reviews.requestChanges")}
                </button>
              </p>
            </Form>
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
