import { data, type ActionFunctionArgs } from "@remix-run/node";
import { checkSource, normaliseSource, sourceProblem } from "~/models/studio/drafts.server";
import { CHECK_BODY_LIMIT, firstBinaryCharacter, previewHtml, savedSource } from "~/models/studio/preview.server";
import { isLocale } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { requireLessonAuthor } from "~/utils/permissions.server";
import { hit } from "~/utils/rate-limit.server";
import { readFormData } from "~/utils/request-body.server";
import { say } from "~/models/course/checker-text.server";

const badRequest = () => data({ reason: "badRequest" }, { status: 400 });

/**
 * The editor's live check: POST `{ locale, source }` (multipart, at most 1 MB of source) → the checker's diagnostics
 * and, when the lesson compiles, its preview rendered by the lesson pipeline. Without `source`, the language's saved
 * draft or file is checked (the preview of a language not being edited). Compiles in memory; writes nothing.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, lesson } = await requireLessonAuthor(request, params);
  const wait = await hit("studioCheck", String(user.id));
  if (wait) throw data({ reason: "tooMany" }, { status: 429, headers: { "Retry-After": String(wait) } });

  const form = await readFormData(request, { limit: CHECK_BODY_LIMIT });
  const locales = form.getAll("locale");
  const sources = form.getAll("source");
  const locale = locales.length === 1 ? locales[0] : null;
  if (!isLocale(locale) || sources.length > 1 || (sources.length === 1 && typeof sources[0] !== "string")) throw badRequest();

  const given = sources.length ? normaliseSource(sources[0] as string) : null;
  const source = given ?? savedSource(course, lesson, locale);
  if (source === null) return Response.json({ diagnostics: [], preview: null }, { headers: { "Cache-Control": "no-store" } });
  const problem = sourceProblem(source);
  if (problem === "tooLarge") throw data({ reason: "tooLarge" }, { status: 413 });
  if (problem === "binary") {
    const at = firstBinaryCharacter(source) ?? { line: 1, column: 1 };
    return Response.json({ diagnostics: [{ ...at, severity: "error", ...say("binaryContent") }], preview: null }, { headers: { "Cache-Control": "no-store" } });
  }
  const checked = await checkSource(course, lesson, locale, source, { compile: true });
  return Response.json(
    {
      diagnostics: checked.diagnostics.map(({ line, column, severity, message, says }) => ({ line, column, severity, message, says })),
      preview: previewHtml(checked, locale, await getLocale(request)),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
