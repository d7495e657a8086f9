import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { Ltr } from "~/components/ltr";
import { formatDay } from "~/components/offering-facts";
import { certificatesOfUser } from "~/models/certificate.server";
import { localized } from "~/models/course.server";
import { enrolmentsOfUser } from "~/models/enrolment.server";
import { hasStarted } from "~/models/offering.server";
import { progressSummaries } from "~/models/progress.server";
import { surveysAnswered } from "~/models/outcomes.server";
import { CredentialHelp } from "~/components/credential-help";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const progress = progressSummaries({ userId: user.id });
  const certificates = certificatesOfUser(user.id);
  const enrolled = enrolmentsOfUser(user.id);
  const answered = surveysAnswered(enrolled.map((e) => e.enrolment.id));
  const items = enrolled.map(({ enrolment, offering, course }) => {
    const state = progress.get(enrolment.id) ?? null;
    const certificate = certificates.find((c) => c.enrolmentId === enrolment.id && !c.revokedAt);
    const next = state?.nextLesson ?? null;
    return {
      id: enrolment.id,
      status: enrolment.status,
      course: { id: course.id, title: localized(course.title, locale) },
      period: offering.periodLabel,
      startsAt: offering.startsAt.getTime(),
      endsAt: offering.endsAt.getTime(),
      started: hasStarted(offering),
      closed: offering.status === "closed",
      percent: state?.percent ?? 0,
      state: state
        ? {
            lessonsDone: state.lessonsDone,
            lessonsTotal: state.lessonsTotal,
            quizzesPassed: state.quizzesPassed,
            quizzesTotal: state.quizzesTotal,
            exercisesAccepted: state.exercisesAccepted,
            exercisesWaiting: state.exercisesWaiting,
            exercisesToRedo: state.exercisesToRedo,
            exercisesTotal: state.exercisesTotal,
            complete: state.complete,
            // A complete course always has a date: the recorded one, or (never recorded yet) the moment of this answer.
            completedAt: state.completedAt?.getTime() ?? (state.complete ? Date.now() : null),
          }
        : null,
      // The first lesson with something left to do; none once the course is complete or only reviews remain.
      next: next ? { href: `/courses/${course.id}/${next.slug}`, title: localized(next.title, locale, course.fallbackLocale) } : null,
      certificate: certificate ? { code: certificate.code } : null,
      // The satisfaction survey, offered once the completion is recorded and until it is answered.
      surveyOpen: enrolment.status === "enrolled" && Boolean(enrolment.completedAt) && !answered.has(enrolment.id),
    };
  });
  return {
    title: t("learn.title"),
    name: user.displayName,
    items,
    certificates: certificates.map((c) => ({
      code: c.code,
      course: c.courseTitle[locale === "ar" ? "ar" : "fr"],
      period: c.periodLabel,
      issuedAt: c.issuedAt.getTime(),
      revoked: Boolean(c.revokedAt),
    })),
  };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** What the learner can do next for one course: continue, wait for a review, or take the certificate. */
function NextStep({ item }: { item: Item }) {
  const { t, i18n } = useTranslation();
  if (item.status !== "enrolled" || !item.state) return null;
  if (item.state.complete) {
    return (
      <p className="notice success completed-line">
        {t("learn.completed", { date: formatDay(item.state.completedAt ?? 0, i18n.language) })}{" "}
        {item.certificate ? (
          <a href={`/certificates/${item.certificate.code}.pdf`} download>
            {t("learn.certificateReady")}
          </a>
        ) : (
          t("learn.certificateEligible")
        )}
        {item.surveyOpen ? (
          <>
            {" "}
            <Link to={`/courses/${item.course.id}/survey`}>{t("outcomes.survey.open")}</Link>
          </>
        ) : null}
      </p>
    );
  }
  if (item.closed) return null;
  if (!item.started) return <p className="meta">{t("lesson.startsOn", { date: formatDay(item.startsAt, i18n.language) })}</p>;
  if (!item.next) return <p className="notice awaiting-review">{t("learn.awaitingReviewOnly")}</p>;
  return (
    <p>
      <Link to={item.next.href} className="button continue">
        {t("learn.resume", { title: item.next.title })}
      </Link>
    </p>
  );
}

export default function LearnerDashboard() {
  const { items, name, certificates } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section className="page" aria-labelledby="learn-title">
      <h1 id="learn-title">{t("learn.title")}</h1>
      <p>{t("learn.greeting", { name })}</p>
      {items.length === 0 ? (
        <p className="empty">
          {t("learn.empty")} <Link to="/courses">{t("home.ctaCourses")}</Link>
        </p>
      ) : null}
      <ul className="card-list">
        {items.map((item) => (
          <li key={item.id} className="card enrolment-card">
            <h2>
              <Link to={`/courses/${item.course.id}`}>{item.course.title}</Link>
            </h2>
            <p className="meta">
              <Ltr className="period">{item.period}</Ltr> · {formatDay(item.startsAt, i18n.language)} – {formatDay(item.endsAt, i18n.language)}
            </p>
            {item.status === "waitlisted" ? <p className="status-line">{t("enrol.youAreWaitlisted")}</p> : null}
            {item.state ? (
              <>
                <div
                  className="progress"
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={item.percent}
                  aria-label={t("learn.progress")}
                >
                  <span style={{ inlineSize: `${item.percent}%` }} />
                </div>
                <p className="meta progress-detail">
                  {t("learn.progressDetail", { percent: item.percent, done: item.state.lessonsDone, total: item.state.lessonsTotal })}
                  {item.state.quizzesTotal ? ` · ${t("learn.quizzes", { passed: item.state.quizzesPassed, total: item.state.quizzesTotal })}` : ""}
                  {item.state.exercisesTotal ? ` · ${t("learn.exercises", { accepted: item.state.exercisesAccepted, total: item.state.exercisesTotal })}` : ""}
                </p>
                {item.state.exercisesWaiting || item.state.exercisesToRedo ? (
                  <ul className="exercise-states">
                    {item.state.exercisesWaiting ? (
                      <li className="exercises-waiting">{t("learn.exercisesWaiting", { count: item.state.exercisesWaiting })}</li>
                    ) : null}
                    {item.state.exercisesToRedo ? (
                      <li className="exercises-to-redo">{t("learn.exercisesToRedo", { count: item.state.exercisesToRedo })}</li>
                    ) : null}
                  </ul>
                ) : null}
              </>
            ) : null}
            <NextStep item={item} />
          </li>
        ))}
      </ul>
      <h2>{t("learn.certificates")}</h2>
      {certificates.length === 0 ? <p className="empty">{t("learn.noCertificates")}</p> : <CredentialHelp />}
      <ul className="card-list">
        {certificates.map((c) => (
          <li key={c.code} className="card certificate-card">
            <h3>{c.course}</h3>
            <p className="meta">
              <Ltr>{c.period}</Ltr> · {formatDay(c.issuedAt, i18n.language)} · <Ltr>{c.code}</Ltr>
            </p>
            {c.revoked ? (
              <p className="notice error">{t("certificates.revoked")}</p>
            ) : (
              <p className="actions">
                <a href={`/certificates/${c.code}.pdf`} className="button" download>
                  {t("learn.downloadPdf")}
                </a>
                <a href={`/certificates/${c.code}.jwt`} className="button secondary" download>
                  {t("learn.downloadBadge")}
                </a>
                <a href={`/verify/${c.code}`}>{t("learn.verifyLink")}</a>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
