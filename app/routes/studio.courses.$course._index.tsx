import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Course, Lesson } from "../../db/schema";
import { COURSE_CATEGORIES, type Locale } from "../../db/enums";
import { ConformCheckboxes, ConformField, ConformSelect, ConformTextarea, ErrorSummary, FormMessage, errorKey, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import { getCourse, localized } from "~/models/course.server";
import { assignableTrainers, courseAuthorsOf, setCourseAuthors } from "~/models/studio/authors.server";
import { LESSON_SLUG } from "~/models/studio/shared";
import {
  archivedLessons,
  unarchiveLesson,
  archiveLesson,
  createLesson,
  moveLesson,
  readCourseFile,
  refreshCourse,
  renameLesson,
  updateCourseMetadata,
  type LessonChange,
} from "~/models/studio/course-files.server";
import { lessonById } from "~/models/studio/drafts.server";
import { LOCALE_NAMES } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { assertCan, can, requireCourseAuthor } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCourseAuthor(request, params.course);
  const locale = await getLocale(request);
  const file = readCourseFile(course);
  const live = getCourse(course.id)?.lessons ?? [];
  const mayAssign = can(user, { action: "assign:course-authors" });
  const title = (l: Pick<Lesson, "title">) => localized(l.title, locale, course.fallbackLocale);
  return {
    title: localized(course.title, locale),
    id: course.id,
    folder: course.folder,
    fileValid: Boolean(file),
    metadata: {
      intent: "metadata",
      titleAr: course.title.ar,
      titleFr: course.title.fr,
      titleEn: course.title.en ?? "",
      summaryAr: course.summary.ar,
      summaryFr: course.summary.fr,
      summaryEn: course.summary.en ?? "",
      category: course.category,
      hours: String(course.hours),
      passMark: String(course.passMark),
      requireQuizzes: course.completion.requireQuizzes ? "on" : "",
      requireExercises: course.completion.requireExercises ? "on" : "",
      certIssuer: course.certificate.issuer,
      certCoIssuer: course.certificate.coIssuer ?? "",
      certAutoIssue: course.certificate.autoIssue ? "on" : "",
      certLanguage: course.certificate.language ?? "ar-fr",
    },
    lessons: live.map((l, i) => ({
      id: l.id,
      slug: l.slug,
      folder: l.folder,
      title: title(l),
      titles: l.title,
      locales: l.locales,
      first: i === 0,
      last: i === live.length - 1,
    })),
    archived: archivedLessons(course).map((l) => ({ id: l.id, slug: l.slug, title: title(l) })),
    authors: mayAssign ? { current: courseAuthorsOf(course.id).map((a) => String(a.id)), trainers: assignableTrainers() } : null,
  };
}

// ---------- Forms ----------

const text = (max: number) =>
  z.string({ required_error: "errors.required", invalid_type_error: "errors.invalid" }).trim().min(1, "errors.required").max(max, "errors.tooLong");
const optionalText = (max: number) => z.string({ invalid_type_error: "errors.invalid" }).trim().max(max, "errors.tooLong").optional();
const wholeNumber = (min: number, max: number) =>
  z
    .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
    .regex(/^\d{1,4}$/, "studio.errors.wholeNumber")
    .transform(Number)
    .pipe(z.number().min(min, "studio.errors.outOfRange").max(max, "studio.errors.outOfRange"));
const flag = z.boolean({ invalid_type_error: "errors.invalid" }).optional();
const identifier = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "studio.errors.identifier")
  .max(60, "errors.tooLong");
const slugField = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
  .max(80, "errors.tooLong")
  .regex(LESSON_SLUG, "studio.errors.slug");
const recordId = z
  .string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" })
  .regex(/^[1-9]\d{0,8}$/, "errors.invalid")
  .transform(Number);

const metadataSchema = z.object({
  intent: z.literal("metadata"),
  titleAr: text(200),
  titleFr: text(200),
  titleEn: optionalText(200),
  summaryAr: text(2000),
  summaryFr: text(2000),
  summaryEn: optionalText(2000),
  category: z.enum(COURSE_CATEGORIES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  hours: wholeNumber(1, 500),
  passMark: wholeNumber(0, 100),
  requireQuizzes: flag,
  requireExercises: flag,
  certIssuer: identifier,
  certCoIssuer: identifier.optional(),
  certAutoIssue: flag,
  certLanguage: z.enum(["ar", "fr", "ar-fr"], { errorMap: () => ({ message: "errors.invalidChoice" }) }),
});
const authorsSchema = z.object({
  intent: z.literal("authors"),
  trainerIds: z.array(recordId, { invalid_type_error: "errors.invalid" }).max(200, "errors.tooMany").default([]),
});
const createSchema = z.object({ intent: z.literal("create"), slug: slugField, titleAr: text(200), titleFr: text(200) });
const renameSchema = z.object({
  intent: z.literal("rename"),
  lessonId: recordId,
  slug: slugField,
  titleAr: text(200),
  titleFr: text(200),
  titleEn: optionalText(200),
});
const moveSchema = z.object({
  intent: z.literal("move"),
  lessonId: recordId,
  direction: z.enum(["up", "down"], { errorMap: () => ({ message: "errors.invalidChoice" }) }),
});
const archiveSchema = z.object({ intent: z.literal("archive"), lessonId: recordId });
const unarchiveSchema = z.object({ intent: z.literal("unarchive"), lessonId: recordId });

const actionSchema = z.discriminatedUnion("intent", [metadataSchema, authorsSchema, createSchema, renameSchema, moveSchema, archiveSchema, unarchiveSchema], {
  errorMap: () => ({ message: "errors.unknownAction" }),
});

type Submission = Awaited<ReturnType<typeof parseSubmission<typeof actionSchema>>>["submission"];
type Value = z.output<typeof actionSchema>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireCourseAuthor(request, params.course);
  const { submission } = await parseSubmission(request, actionSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const value = submission.value;
  const here = `/studio/courses/${course.id}`;
  switch (value.intent) {
    case "metadata":
      return metadataAction(submission, course, value, here);
    case "authors":
      assertCan(user, { action: "assign:course-authors" });
      return authorsAction(submission, course, value, here);
    case "create": {
      const changed = createLesson(course, { slug: value.slug, titles: { ar: value.titleAr, fr: value.titleFr } });
      if (!changed.ok) return refusedChange(submission, changed);
      await refreshCourse(course.id);
      return redirect(`${here}/lessons/${changed.slug}?locale=ar&created=1`);
    }
    case "rename":
    case "move":
    case "archive":
      return lessonAction(submission, course, value, here);
    case "unarchive":
      return unarchiveAction(submission, course, value.lessonId, here);
  }
}

async function metadataAction(submission: Submission, course: Course, v: Extract<Value, { intent: "metadata" }>, here: string) {
  const written = updateCourseMetadata(course, {
    title: { ar: v.titleAr, fr: v.titleFr, ...(v.titleEn ? { en: v.titleEn } : {}) },
    summary: { ar: v.summaryAr, fr: v.summaryFr, ...(v.summaryEn ? { en: v.summaryEn } : {}) },
    category: v.category,
    hours: v.hours,
    passMark: v.passMark,
    completion: { requireQuizzes: v.requireQuizzes ?? false, requireExercises: v.requireExercises ?? false },
    certificate: { issuer: v.certIssuer, coIssuer: v.certCoIssuer, autoIssue: v.certAutoIssue ?? false, language: v.certLanguage },
  });
  if (!written.ok) return rejectSubmission(submission, { status: 422, formErrors: ["studio.errors.courseFileInvalid"] });
  return redirect(`${here}?done=metadata`);
}

function authorsAction(submission: Submission, course: Course, v: Extract<Value, { intent: "authors" }>, here: string) {
  const saved = setCourseAuthors(course.id, v.trainerIds);
  if (!saved.ok) return rejectSubmission(submission, { status: 422, fieldErrors: { trainerIds: ["studio.errors.notATrainer"] } });
  return redirect(`${here}?done=authors`);
}

const CHANGE_REFUSALS: Record<Exclude<LessonChange, { ok: true }>["reason"], { status: number; field: string | null; key: string }> = {
  slugTaken: { status: 409, field: "slug", key: "studio.errors.slugTaken" },
  badSlug: { status: 422, field: "slug", key: "studio.errors.slug" },
  lastLesson: { status: 409, field: null, key: "studio.errors.lastLesson" },
  edge: { status: 409, field: null, key: "studio.errors.edge" },
  notListed: { status: 409, field: null, key: "studio.errors.notListed" },
  invalid: { status: 422, field: null, key: "studio.errors.courseFileInvalid" },
};

function refusedChange(submission: Submission, changed: Exclude<LessonChange, { ok: true }>) {
  const refusal = CHANGE_REFUSALS[changed.reason];
  return rejectSubmission(submission, {
    status: refusal.status,
    ...(refusal.field ? { fieldErrors: { [refusal.field]: [refusal.key] } } : { formErrors: [refusal.key] }),
  });
}

async function lessonAction(submission: Submission, course: Course, v: Extract<Value, { intent: "rename" | "move" | "archive" }>, here: string) {
  const lesson = lessonById(course.id, v.lessonId);
  if (!lesson || lesson.archivedAt) return rejectSubmission(submission, { status: 404, formErrors: ["studio.errors.unknownLesson"] });
  let changed: LessonChange;
  if (v.intent === "rename")
    changed = renameLesson(course, lesson, { slug: v.slug, titles: { ar: v.titleAr, fr: v.titleFr, ...(v.titleEn ? { en: v.titleEn } : {}) } });
  else if (v.intent === "move") changed = moveLesson(course, lesson, v.direction);
  else changed = archiveLesson(course, lesson);
  if (!changed.ok) return refusedChange(submission, changed);
  await refreshCourse(course.id);
  return redirect(`${here}?done=${v.intent}#lessons`);
}

async function unarchiveAction(submission: Submission, course: Course, lessonId: number, here: string) {
  const lesson = lessonById(course.id, lessonId);
  if (!lesson || !lesson.archivedAt) return rejectSubmission(submission, { status: 404, formErrors: ["studio.errors.unknownLesson"] });
  const changed = unarchiveLesson(course, lesson);
  if (!changed.ok) return refusedChange(submission, changed);
  await refreshCourse(course.id);
  return redirect(`${here}?done=unarchive#lessons`);
}

// ---------- Page ----------

type ActionData = { result?: { initialValue?: Record<string, unknown> | null; status?: string; error?: Record<string, string[] | null> } };

function resultFor(actionData: ActionData | undefined, intent: string, lessonId?: number) {
  const initial = actionData?.result?.initialValue;
  if (initial?.intent !== intent) return undefined;
  if (lessonId !== undefined && initial?.lessonId !== String(lessonId)) return undefined;
  return actionData?.result;
}

export default function StudioCourse() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const done = search.get("done");
  return (
    <section aria-labelledby="course-title">
      <nav aria-label={t("studio.breadcrumb")} className="breadcrumb">
        <Link to="/studio">{t("studio.title")}</Link>
      </nav>
      <h1 id="course-title">{d.title}</h1>
      <p>
        {t("studio.folder")} <Ltr>courses/{d.folder}</Ltr> · <a href={`/studio/courses/${d.id}/export.zip`}>{t("studioFiles.export")}</a>
      </p>
      {done ? (
        <FormMessage tone="success">
          {t(`studio.done.${["metadata", "authors", "rename", "move", "archive", "unarchive"].includes(done) ? done : "saved"}`)}
        </FormMessage>
      ) : null}
      {!d.fileValid ? <p className="notice error">{t("studio.errors.courseFileInvalid")}</p> : null}
      <LessonsSection lessons={d.lessons} courseId={d.id} actionData={actionData} />
      {d.archived.length ? <ArchivedLessons lessons={d.archived} /> : null}
      <CreateLessonForm actionData={actionData} />
      <MetadataForm defaults={d.metadata} actionData={actionData} />
      {d.authors ? <AuthorsForm current={d.authors.current} trainers={d.authors.trainers} actionData={actionData} /> : null}
    </section>
  );
}

type LessonRow = ReturnType<typeof useLoaderData<typeof loader>>["lessons"][number];

function LessonsSection({ lessons, courseId, actionData }: { lessons: LessonRow[]; courseId: string; actionData: ActionData | undefined }) {
  const { t } = useTranslation();
  const listError = (["move", "archive"] as const)
    .map((i) => actionData?.result?.initialValue?.intent === i && actionData.result?.error?.[""]?.[0])
    .find(Boolean);
  return (
    <section id="lessons" aria-labelledby="lessons-title">
      <h2 id="lessons-title">{t("studio.lessons")}</h2>
      {listError ? <FormMessage>{t(errorKey(listError))}</FormMessage> : null}
      <ol className="lesson-list">
        {lessons.map((l) => (
          <li key={l.id}>
            <span className="lesson-name">
              <Link to={`/studio/courses/${courseId}/lessons/${l.slug}?locale=ar`}>{l.title}</Link>{" "}
              <small>
                <Ltr>{l.folder}</Ltr> · {l.locales.map((loc) => LOCALE_NAMES[loc as Locale]).join(" · ")}
              </small>
            </span>
            <span className="row-actions">
              {(["up", "down"] as const).map((direction) => (
                <Form method="post" className="inline-form" key={direction}>
                  <input type="hidden" name="intent" value="move" />
                  <input type="hidden" name="lessonId" value={l.id} />
                  <input type="hidden" name="direction" value={direction} />
                  <button
                    type="submit"
                    className="button small secondary"
                    disabled={direction === "up" ? l.first : l.last}
                    aria-label={t(`studio.move.${direction}Label`, { title: l.title })}
                  >
                    {t(`studio.move.${direction}`)}
                  </button>
                </Form>
              ))}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="archive" />
                <input type="hidden" name="lessonId" value={l.id} />
                <button type="submit" className="button small secondary" aria-label={t("studio.archiveLabel", { title: l.title })}>
                  {t("studio.archive")}
                </button>
              </Form>
              <Link to={`/studio/courses/${courseId}/lessons/${l.slug}/history?locale=ar`} className="button small secondary">
                {t("studio.history.link")}
              </Link>
              <Link to={`/studio/courses/${courseId}/lessons/${l.slug}/files`} className="button small secondary">
                {t("studioFiles.filesLink")}
              </Link>
            </span>
            <RenameForm lesson={l} result={resultFor(actionData, "rename", l.id)} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function ArchivedLessons({ lessons }: { lessons: { id: number; slug: string; title: string }[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="archived-title">
      <h2 id="archived-title">{t("studio.archived.title")}</h2>
      <ul className="lesson-list">
        {lessons.map((l) => (
          <li key={l.id}>
            <span className="lesson-name">
              {l.title} <Ltr>{l.slug}</Ltr>
            </span>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="unarchive" />
              <input type="hidden" name="lessonId" value={l.id} />
              <button type="submit" className="button small secondary" aria-label={t("studio.archived.restoreLabel", { title: l.title })}>
                {t("studio.archived.restore")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RenameForm({ lesson, result }: { lesson: LessonRow; result: ActionData["result"] }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(renameSchema, result, `rename-${lesson.id}`, {
    intent: "rename",
    lessonId: String(lesson.id),
    slug: lesson.slug,
    titleAr: lesson.titles.ar ?? "",
    titleFr: lesson.titles.fr ?? "",
    titleEn: lesson.titles.en ?? "",
  });
  return (
    <details className="rename" open={result ? true : undefined}>
      <summary>{t("studio.rename", { title: lesson.title })}</summary>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} labels={{ slug: t("studio.fields.slug"), titleAr: t("studio.fields.titleAr"), titleFr: t("studio.fields.titleFr") }} />
        <input type="hidden" name="intent" value="rename" />
        <input type="hidden" name="lessonId" value={lesson.id} />
        <ConformField meta={fields.slug} label={t("studio.fields.slug")} hint={t("studio.fields.slugHint")} dir="ltr" />
        <ConformField meta={fields.titleAr} label={t("studio.fields.titleAr")} lang="ar" dir="rtl" />
        <ConformField meta={fields.titleFr} label={t("studio.fields.titleFr")} lang="fr" dir="ltr" />
        {lesson.locales.includes("en") ? <ConformField meta={fields.titleEn} label={t("studio.fields.titleEn")} lang="en" dir="ltr" /> : null}
        <button type="submit" className="button">
          {t("studio.renameSubmit")}
        </button>
      </Form>
    </details>
  );
}

function CreateLessonForm({ actionData }: { actionData: ActionData | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(createSchema, resultFor(actionData, "create"), "create-lesson", { intent: "create" });
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">{t("studio.create.title")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} labels={{ slug: t("studio.fields.slug"), titleAr: t("studio.fields.titleAr"), titleFr: t("studio.fields.titleFr") }} />
        <input type="hidden" name="intent" value="create" />
        <ConformField meta={fields.slug} label={t("studio.fields.slug")} hint={t("studio.fields.slugHint")} dir="ltr" />
        <ConformField meta={fields.titleAr} label={t("studio.fields.titleAr")} lang="ar" dir="rtl" />
        <ConformField meta={fields.titleFr} label={t("studio.fields.titleFr")} lang="fr" dir="ltr" />
        <button type="submit" className="button">
          {t("studio.create.submit")}
        </button>
      </Form>
    </section>
  );
}

function MetadataForm({ defaults, actionData }: { defaults: Record<string, string>; actionData: ActionData | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(metadataSchema, resultFor(actionData, "metadata"), "course-metadata", defaults);
  const labels: Record<string, string> = {
    titleAr: t("studio.fields.titleAr"),
    titleFr: t("studio.fields.titleFr"),
    titleEn: t("studio.fields.titleEn"),
    summaryAr: t("studio.fields.summaryAr"),
    summaryFr: t("studio.fields.summaryFr"),
    summaryEn: t("studio.fields.summaryEn"),
    category: t("studio.fields.category"),
    hours: t("studio.fields.hours"),
    passMark: t("studio.fields.passMark"),
    certIssuer: t("studio.fields.certIssuer"),
    certCoIssuer: t("studio.fields.certCoIssuer"),
    certLanguage: t("studio.fields.certLanguage"),
  };
  const box = (name: "requireQuizzes" | "requireExercises" | "certAutoIssue") => (
    <label className="check">
      <input type="checkbox" name={name} id={fields[name].id} defaultChecked={fields[name].initialValue === "on"} /> {t(`studio.fields.${name}`)}
    </label>
  );
  return (
    <section aria-labelledby="metadata-title">
      <h2 id="metadata-title">{t("studio.metadata")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} labels={labels} />
        <input type="hidden" name="intent" value="metadata" />
        <ConformField meta={fields.titleAr} label={labels.titleAr!} lang="ar" dir="rtl" />
        <ConformField meta={fields.titleFr} label={labels.titleFr!} lang="fr" dir="ltr" />
        <ConformField meta={fields.titleEn} label={labels.titleEn!} lang="en" dir="ltr" />
        <ConformTextarea meta={fields.summaryAr} label={labels.summaryAr!} lang="ar" dir="rtl" rows={4} />
        <ConformTextarea meta={fields.summaryFr} label={labels.summaryFr!} lang="fr" dir="ltr" rows={4} />
        <ConformTextarea meta={fields.summaryEn} label={labels.summaryEn!} lang="en" dir="ltr" rows={4} />
        <ConformSelect meta={fields.category} label={labels.category!}>
          {COURSE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`studio.categories.${c}`)}
            </option>
          ))}
        </ConformSelect>
        <ConformField meta={fields.hours} label={labels.hours!} inputMode="numeric" dir="ltr" />
        <ConformField meta={fields.passMark} label={labels.passMark!} inputMode="numeric" dir="ltr" />
        <fieldset>
          <legend>{t("studio.fields.completion")}</legend>
          {box("requireQuizzes")}
          {box("requireExercises")}
        </fieldset>
        <fieldset>
          <legend>{t("studio.fields.certificate")}</legend>
          <ConformField meta={fields.certIssuer} label={labels.certIssuer!} dir="ltr" />
          <ConformField meta={fields.certCoIssuer} label={labels.certCoIssuer!} hint={t("studio.fields.certCoIssuerHint")} dir="ltr" />
          {box("certAutoIssue")}
          <ConformSelect meta={fields.certLanguage} label={labels.certLanguage!}>
            {(["ar", "fr", "ar-fr"] as const).map((l) => (
              <option key={l} value={l}>
                {t(`certificates.languages.${l}`)}
              </option>
            ))}
          </ConformSelect>
        </fieldset>
        <button type="submit" className="button">
          {t("studio.saveMetadata")}
        </button>
      </Form>
    </section>
  );
}

function AuthorsForm({
  current,
  trainers,
  actionData,
}: {
  current: string[];
  trainers: { id: number; displayName: string; email: string }[];
  actionData: ActionData | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(authorsSchema, resultFor(actionData, "authors"), "course-authors", { intent: "authors", trainerIds: current } as never);
  return (
    <section aria-labelledby="authors-title">
      <h2 id="authors-title">{t("studio.authors.title")}</h2>
      <p>{t("studio.authors.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} labels={{ trainerIds: t("studio.authors.title") }} />
        <input type="hidden" name="intent" value="authors" />
        {trainers.length ? (
          <ConformCheckboxes
            meta={fields.trainerIds}
            legend={t("studio.authors.legend")}
            options={trainers.map((tr) => ({
              value: String(tr.id),
              label: (
                <>
                  {tr.displayName} (<Ltr>{tr.email}</Ltr>)
                </>
              ),
            }))}
          />
        ) : (
          <p className="empty">{t("studio.authors.none")}</p>
        )}
        <button type="submit" className="button">
          {t("studio.authors.submit")}
        </button>
      </Form>
    </section>
  );
}
