import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDay } from "~/components/offering-facts";
import { localized } from "~/models/course.server";
import { certificatesOfUser } from "~/models/certificate.server";
import { courseLessons, enrolmentsOfUser } from "~/models/enrolment.server";
import { hasStarted } from "~/models/offering.server";
import { completionState, progressByLesson } from "~/models/progress.server";
import { requireUser } from "~/utils/permissions.server";
import { CredentialHelp } from "~/components/credential-help";
import { getLocale, getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const items = enrolmentsOfUser(user.id).map(({ enrolment, offering, course }) => {
    const state = enrolment.status === "enrolled" ? completionState(enrolment.id) : null;
    const lessons = courseLessons(course.id);
    const progress = progressByLesson(enrolment.id);
    const resume = lessons.find((l) => !progress.get(l.id)?.completedAt) ?? lessons[0];
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
      state: state ? { ...state, completedAt: state.completedAt?.getTime() ?? null } : null,
      resume: resume ? { slug: resume.slug, title: localized(resume.title, locale, course.fallbackLocale) } : null,
    };
  });
  const certificates = certificatesOfUser(user.id).map((c) => ({
    code: c.code,
    course: c.courseTitle[locale === "ar" ? "ar" : "fr"],
    period: c.periodLabel,
    issuedAt: c.issuedAt.getTime(),
    revoked: Boolean(c.revokedAt),
  }));
  return { title: t("learn.title"), name: user.displayName, items, certificates };
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
              <span dir="ltr">{item.period}</span> · {formatDay(item.startsAt, i18n.language)} – {formatDay(item.endsAt, i18n.language)}
            </p>
            {item.status === "waitlisted" ? <p className="status-line">{t("enrol.youAreWaitlisted")}</p> : null}
            {item.state ? (
              <>
                <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={item.percent} aria-label={t("learn.progress")}>
                  <span style={{ inlineSize: `${item.percent}%` }} />
                </div>
                <p className="meta">
                  {t("learn.progressDetail", { percent: item.percent, done: item.state.lessonsDone, total: item.state.lessonsTotal })}
                  {item.state.quizzesTotal ? ` · ${t("learn.quizzes", { passed: item.state.quizzesPassed, total: item.state.quizzesTotal })}` : ""}
                  {item.state.exercisesTotal ? ` · ${t("learn.exercises", { accepted: item.state.exercisesAccepted, total: item.state.exercisesTotal })}` : ""}
                </p>
              </>
            ) : null}
            {item.state?.complete ? (
              <p className="notice success completed-line">
                {t("learn.completed", { date: formatDay(item.state.completedAt ?? Date.now(), i18n.language) })} {t("learn.certificateEligible")}
              </p>
            ) : item.status === "enrolled" && item.resume ? (
              item.started ? (
                <p>
                  <Link to={`/courses/${item.course.id}/${item.resume.slug}`} className="button">
                    {t("learn.resume", { title: item.resume.title })}
                  </Link>
                </p>
              ) : (
                <p className="meta">{t("lesson.startsOn", { date: formatDay(item.startsAt, i18n.language) })}</p>
              )
            ) : null}
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
              <span dir="ltr">{c.period}</span> · {formatDay(c.issuedAt, i18n.language)} · <span dir="ltr">{c.code}</span>
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
