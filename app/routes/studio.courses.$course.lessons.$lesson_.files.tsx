import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, FormMessage, formErrorText, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import type { RouteHandle } from "~/root";
import filesCss from "~/styles/studio-files.css?url";
import { localized } from "~/models/course.server";
import { rebuildLesson } from "~/models/course/build.server";
import { IMAGE_BUDGET_BYTES, IMAGE_BUDGET_WIDTH, LESSON_FILE_ACCEPT, allowedExtensions } from "~/models/course/file-types";
import { deleteLessonFile, lessonFileProblemMessage, listLessonFiles, saveLessonFile } from "~/models/course/lesson-files.server";
import { formatNumber } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requireLessonAuthor } from "~/utils/permissions.server";
import { readFormData } from "~/utils/request-body.server";
import { parseFormSubmission, rejectSubmission } from "~/utils/submission.server";

export const handle: RouteHandle = { hydrate: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: filesCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const uploadSchema = z.object({
  intent: z.literal("upload"),
  file: z.instanceof(File, { message: "studioFiles.fileRequired" }),
  replace: z.boolean().optional(),
});
const deleteSchema = z.object({
  intent: z.literal("delete"),
  name: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(255, "errors.tooLong"),
});
/** Both forms of the page, told apart by `intent`; an unknown intent is a 400 like any invalid field. */
const schema = z.discriminatedUnion("intent", [uploadSchema, deleteSchema], { errorMap: () => ({ message: "errors.unknownAction" }) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lesson } = await requireLessonAuthor(request, params);
  const locale = await getLocale(request);
  const t = await getTranslator(request);
  const lessonTitle = localized(lesson.title, locale, course.fallbackLocale);
  return {
    title: t("studioFiles.title", { lesson: lessonTitle }),
    courseId: course.id,
    lessonSlug: lesson.slug,
    lessonTitle,
    files: listLessonFiles(course.folder, lesson.folder).map((f) => ({
      name: f.name,
      size: f.size,
      kind: f.type?.kind ?? null,
      references: f.references,
      url: `/course-assets/${course.id}/${lesson.slug}/${encodeURIComponent(f.name)}`,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { course, lesson } = await requireLessonAuthor(request, params);
  const formData = await readFormData(request, { uploads: true });
  const submission = await parseFormSubmission(formData, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const value = submission.value;
  const base = `/studio/courses/${course.id}/lessons/${lesson.slug}/files`;
  if (value.intent === "upload") {
    const saved = await saveLessonFile({
      courseFolder: course.folder,
      lessonFolder: lesson.folder,
      name: value.file.name,
      bytes: new Uint8Array(await value.file.arrayBuffer()),
      replace: value.replace === true,
    });
    if (!("ok" in saved)) return rejectSubmission(submission, { status: problemStatus(saved.reason), formErrors: [lessonFileProblemMessage(saved)] });
    // A file the lesson already shows was replaced: learners get the new one (its hash is part of the asset URL).
    if (value.replace && listLessonFiles(course.folder, lesson.folder).some((f) => f.name === saved.name && f.references.length))
      await rebuildLesson(course.id, lesson.slug);
    return redirect(`${base}?uploaded=${encodeURIComponent(saved.name)}`);
  }
  const removed = deleteLessonFile({ courseFolder: course.folder, lessonFolder: lesson.folder, name: value.name });
  if (!("ok" in removed)) return rejectSubmission(submission, { status: problemStatus(removed.reason), formErrors: [lessonFileProblemMessage(removed)] });
  return redirect(`${base}?deleted=${encodeURIComponent(value.name)}`);
}

function problemStatus(reason: string) {
  switch (reason) {
    case "exists":
    case "referenced":
      return 409;
    case "tooLarge":
    case "tooWide":
      return 413;
    case "type":
    case "content":
    case "unsafeSvg":
      return 415;
    case "notFound":
      return 404;
    default:
      return 400;
  }
}

const LANGUAGE_KEYS = ["ar", "fr", "en"] as const;

export default function LessonFilesPage() {
  const { courseId, lessonSlug, lessonTitle, files } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lastResult = actionData?.result;
  const intent = lastResult?.initialValue?.intent;
  const [uploadForm, uploadFields] = useSchemaForm(uploadSchema, intent === "upload" ? lastResult : undefined, "upload-file");
  const refusal = (lastResult?.error?.[""] ?? []).map((m) => formErrorText(t, m));
  const uploaded = params.get("uploaded");
  const deleted = params.get("deleted");
  const kb = (bytes: number) => formatNumber(Math.max(1, Math.ceil(bytes / 1024)), i18n.language);
  const languageName = (code: string) => ((LANGUAGE_KEYS as readonly string[]).includes(code) ? t(`studioFiles.language.${code}`) : code);
  return (
    <section aria-labelledby="files-title" className="studio-files">
      <p>
        <Link to={`/studio/courses/${courseId}/lessons/${lessonSlug}`}>{t("studioFiles.back")}</Link>
      </p>
      <h1 id="files-title">{t("studioFiles.title", { lesson: lessonTitle })}</h1>
      <p>{t("studioFiles.intro")}</p>
      <p>
        <Ltr className="code">{'<Figure src="./name.png" alt="…" />'}</Ltr>
      </p>
      {uploaded ? (
        <FormMessage tone="success">
          {t("studioFiles.uploaded")} <Ltr>{uploaded}</Ltr>
        </FormMessage>
      ) : null}
      {deleted ? (
        <FormMessage tone="success">
          {t("studioFiles.deleted")} <Ltr>{deleted}</Ltr>
        </FormMessage>
      ) : null}
      {refusal.length ? (
        <div role="alert" className="notice error" id="files-problem">
          {refusal.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      ) : null}

      {files.length ? (
        <ul className="file-list">
          {files.map((f) => (
            <li key={f.name} className="file-item">
              <p className="file-name">
                <a href={f.url} target="_blank" rel="noreferrer">
                  <Ltr>{f.name}</Ltr>
                </a>{" "}
                <span className="muted">
                  {t("studioFiles.size", { size: kb(f.size) })} · {f.kind ? t(`studioFiles.kind.${f.kind}`) : t("studioFiles.kind.refused")}
                </span>
              </p>
              {f.references.length ? (
                <p className="file-used">
                  {t("studioFiles.usedIn")}{" "}
                  {f.references.map((r, i) => (
                    <span key={`${r.locale}-${r.line}`}>
                      {i ? t("studioFiles.separator") : ""}
                      {languageName(r.locale)} {t("studioFiles.line", { line: r.line })}
                    </span>
                  ))}
                </p>
              ) : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="name" value={f.name} />
                  <span className="muted">{t("studioFiles.notUsed")}</span>{" "}
                  <button type="submit" className="button small secondary">
                    {t("studioFiles.delete")}
                  </button>
                </Form>
              )}
              {f.kind === "image" ? (
                <p className="file-snippet">
                  {t("studioFiles.snippet")} <Ltr className="code">{`<Figure src="./${f.name}" alt="…" />`}</Ltr>
                </p>
              ) : f.kind === "download" ? (
                <p className="file-snippet">
                  {t("studioFiles.snippet")} <Ltr className="code">{`<Download file="./${f.name}" title="…" />`}</Ltr>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("studioFiles.none")}</p>
      )}

      <Form method="post" encType="multipart/form-data" {...getFormProps(uploadForm)} className="upload-form">
        <h2>{t("studioFiles.upload.title")}</h2>
        <input type="hidden" name="intent" value="upload" />
        <ConformField
          meta={uploadFields.file}
          type="file"
          label={t("studioFiles.upload.file")}
          hint={t("studioFiles.upload.hint", { kb: IMAGE_BUDGET_BYTES / 1024, px: IMAGE_BUDGET_WIDTH })}
          accept={LESSON_FILE_ACCEPT}
        />
        <p className="hint">
          {t("studioFiles.upload.types")} <Ltr>{allowedExtensions().join(" ")}</Ltr>
        </p>
        <label className="check">
          <input type="checkbox" name="replace" value="on" /> {t("studioFiles.upload.replace")}
        </label>
        <button type="submit" className="button">
          {t("studioFiles.upload.submit")}
        </button>
      </Form>
    </section>
  );
}
