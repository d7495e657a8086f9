import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, errorKey } from "~/components/form";
import { DiffView, type DiffLine } from "~/components/diff-view";
import { Ltr } from "~/components/ltr";
import { localized } from "~/models/course.server";
import { BASE_HASH } from "~/models/studio/shared";
import { diskHash, getVersion, lineDiff, listVersions, localeParam, previousVersion, publishLesson, readLessonSource } from "~/models/studio/drafts.server";
import { LOCALES } from "../../db/enums";
import { LOCALE_NAMES, formatDate } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { requireLessonAuthor } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

async function findHistory(request: Request, params: { course?: string; lesson?: string }) {
  const found = await requireLessonAuthor(request, params);
  const locale = localeParam(new URL(request.url).searchParams.get("locale"));
  if (!locale) throw data({ reason: "notFound" }, { status: 404 });
  return { ...found, locale };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lesson, locale } = await findHistory(request, params);
  const ui = await getLocale(request);
  const url = new URL(request.url);
  const versions = listVersions(lesson.id, locale);
  const rawVersion = url.searchParams.get("version");
  let shown: { id: number; diff: DiffLine[]; first: boolean } | null = null;
  if (rawVersion !== null) {
    const id = /^[1-9]\d{0,8}$/.test(rawVersion) ? Number(rawVersion) : null;
    const version = id ? getVersion(lesson.id, id) : undefined;
    if (!version || version.locale !== locale) throw data({ reason: "notFound" }, { status: 404 });
    const previous = previousVersion(version);
    shown = { id: version.id, diff: lineDiff(previous?.source ?? "", version.source), first: !previous };
  }
  const disk = readLessonSource(course, lesson, locale);
  return {
    title: `${localized(lesson.title, ui, course.fallbackLocale)} — ${LOCALE_NAMES[locale]}`,
    course: { id: course.id, title: localized(course.title, ui) },
    lesson: { slug: lesson.slug, title: localized(lesson.title, ui, course.fallbackLocale) },
    locale,
    baseHash: diskHash(course, lesson, locale),
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.getTime(), live: disk?.hash === v.hash })),
    shown,
    restored: url.searchParams.get("restored") === "1",
  };
}

const restoreSchema = z.object({
  intent: z.literal("restore", { errorMap: () => ({ message: "errors.unknownAction" }) }),
  versionId: z
    .string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" })
    .regex(/^[1-9]\d{0,8}$/, "errors.invalid")
    .transform(Number),
  baseHash: z.string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" }).regex(BASE_HASH, "errors.invalid"),
});

/** Restoring publishes the old source as a new version, through the same checks (errors, file changed since). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, lesson, locale } = await findHistory(request, params);
  const { submission } = await parseSubmission(request, restoreSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const version = getVersion(lesson.id, submission.value.versionId);
  if (!version || version.locale !== locale) return rejectSubmission(submission, { status: 404, formErrors: ["studio.errors.unknownVersion"] });
  const outcome = await publishLesson({
    course,
    lesson,
    locale,
    source: version.source,
    baseHash: submission.value.baseHash,
    authorId: user.id,
    message: `#${version.id}: ${version.message}`.slice(0, 200),
    keepDraft: false,
  });
  if (outcome.ok) return redirect(`/studio/courses/${course.id}/lessons/${lesson.slug}/history?locale=${locale}&restored=1`);
  if (outcome.reason === "errors") return rejectSubmission(submission, { status: 422, formErrors: ["studio.errors.publishWithErrors"] });
  return data({ result: submission.reply({ formErrors: ["studio.errors.conflict"] }), conflict: outcome.diff }, { status: 409 });
}

type ActionData = { result?: { error?: Record<string, string[] | null> }; conflict?: DiffLine[] };

export default function LessonHistory() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t, i18n } = useTranslation();
  const base = `/studio/courses/${d.course.id}/lessons/${d.lesson.slug}`;
  const formError = actionData?.result?.error?.[""]?.[0];
  return (
    <section aria-labelledby="history-title">
      <nav aria-label={t("studio.breadcrumb")} className="breadcrumb">
        <Link to="/studio">{t("studio.title")}</Link> · <Link to={`/studio/courses/${d.course.id}`}>{d.course.title}</Link> ·{" "}
        <Link to={`${base}?locale=${d.locale}`}>{d.lesson.title}</Link>
      </nav>
      <h1 id="history-title">{t("studio.history.title", { title: d.lesson.title })}</h1>
      <nav aria-label={t("studio.editor.languages")}>
        <ul className="switches">
          {LOCALES.map((l) => (
            <li key={l}>
              <Link to={`${base}/history?locale=${l}`} aria-current={l === d.locale ? "page" : undefined} lang={l}>
                {LOCALE_NAMES[l]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {d.restored ? <FormMessage tone="success">{t("studio.history.restored")}</FormMessage> : null}
      {formError ? <FormMessage>{t(errorKey(formError))}</FormMessage> : null}
      {actionData?.conflict ? <DiffView diff={actionData.conflict} /> : null}
      {d.versions.length === 0 ? <p className="empty">{t("studio.history.empty")}</p> : null}
      {d.versions.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("studio.history.version")}</th>
                <th scope="col">{t("studio.history.author")}</th>
                <th scope="col">{t("studio.history.when")}</th>
                <th scope="col">{t("studio.history.message")}</th>
                <th scope="col">{t("studio.history.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.versions.map((v) => (
                <tr key={v.id} aria-current={d.shown?.id === v.id ? "true" : undefined}>
                  <td>
                    <Ltr>#{v.id}</Ltr>
                    {v.live ? ` (${t("studio.history.live")})` : ""}
                  </td>
                  <td>{v.authorName}</td>
                  <td>{formatDate(v.createdAt, i18n.language, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td>{v.message}</td>
                  <td className="row-actions">
                    <Link to={`${base}/history?locale=${d.locale}&version=${v.id}#diff`}>{t("studio.history.showDiff")}</Link>
                    {v.live ? null : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="restore" />
                        <input type="hidden" name="versionId" value={v.id} />
                        <input type="hidden" name="baseHash" value={d.baseHash} />
                        <button type="submit" className="button small secondary" aria-label={t("studio.history.restoreLabel", { id: v.id })}>
                          {t("studio.history.restore")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.shown ? (
        <section id="diff" aria-labelledby="diff-title">
          <h2 id="diff-title">{t(d.shown.first ? "studio.history.firstVersion" : "studio.history.diffTitle", { id: d.shown.id })}</h2>
          <DiffView diff={d.shown.diff} />
        </section>
      ) : null}
    </section>
  );
}
