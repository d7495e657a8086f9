import { getFormProps } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, FormMessage, formErrorText, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import type { RouteHandle } from "~/root";
import filesCss from "~/styles/studio-files.css?url";
import { importCourseZip, importProblemMessages } from "~/models/course/archive.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";
import type { CheckerText } from "~/models/course/checker-text";
import { CheckerMessage } from "~/components/studio/checker-message";

export const handle: RouteHandle = { hydrate: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: filesCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** A course with a few PDFs and images weighs more than one upload (6 MB): its zip may take this much. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

const schema = z.object({
  file: z.instanceof(File, { message: "studioFiles.import.fileRequired" }),
  replace: z.boolean().optional(),
});

/**
 * Importing may create a course or replace a whole one, course.yaml included (its id, its lessons): a platform
 * decision, so admins only. Trainers edit their courses in the studio and export them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  return { title: t("studioFiles.import.title") };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, schema, { uploads: true, limit: IMPORT_BODY_LIMIT });
  if (submission.status !== "success") return rejectSubmission(submission);
  const result = await importCourseZip(new Uint8Array(await submission.value.file.arrayBuffer()), { replace: submission.value.replace === true });
  if ("ok" in result) {
    const params = new URLSearchParams({ imported: result.courseId, lessons: String(result.lessons), ...(result.replaced ? { replaced: "1" } : {}) });
    return redirect(`/studio/import?${params}`);
  }
  const status = result.reason === "checker" ? 422 : result.reason === "exists" || result.reason === "folderTaken" ? 409 : 400;
  const reply = submission.reply({ formErrors: importProblemMessages(result) });
  return data({ result: reply, diagnostics: result.reason === "checker" ? result.diagnostics : [] }, { status });
}

type ShownDiagnostic = { file: string; line: number; column: number; rule: string; message: string; says?: CheckerText };

export default function ImportCoursePage() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "import-course");
  const problems = (actionData?.result?.error?.[""] ?? []).map((m) => formErrorText(t, m));
  const diagnostics = (actionData as { diagnostics?: ShownDiagnostic[] } | undefined)?.diagnostics ?? [];
  const imported = params.get("imported");
  return (
    <section aria-labelledby="import-title" className="narrow">
      <h1 id="import-title">{t("studioFiles.import.title")}</h1>
      <p>{t("studioFiles.import.intro")}</p>
      {imported ? (
        <FormMessage tone="success">
          {t(params.get("replaced") ? "studioFiles.import.replacedDone" : "studioFiles.import.done", { count: Number(params.get("lessons") ?? 0) })}{" "}
          <Link to={`/studio/courses/${encodeURIComponent(imported)}`}>
            <Ltr>{imported}</Ltr>
          </Link>
        </FormMessage>
      ) : null}
      {problems.length ? (
        <div role="alert" className="notice error" id="import-problems">
          {problems.map((text) => (
            <p key={text}>{text}</p>
          ))}
          {diagnostics.length ? (
            <ul className="import-diagnostics">
              {diagnostics.map((d) => (
                <li key={`${d.file}:${d.line}:${d.column}:${d.rule}`}>
                  <Ltr className="code">{`${d.file}:${d.line}:${d.column}`}</Ltr> <CheckerMessage diagnostic={d} />
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <ConformField meta={fields.file} type="file" label={t("studioFiles.import.file")} hint={t("studioFiles.import.hint")} accept=".zip,application/zip" />
        <label className="check">
          <input type="checkbox" name="replace" value="on" /> {t("studioFiles.import.replace")}
        </label>
        <button type="submit" className="button">
          {t("studioFiles.import.submit")}
        </button>
      </Form>
    </section>
  );
}
