import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { rosterOf } from "~/models/roster.server";
import { requireOfferingStaff } from "~/utils/permissions.server";
import { getTranslator } from "~/utils/i18n.server";

function csvCell(value: unknown) {
  const text = value === null || value === undefined ? "" : String(value);
  // Quote everything; neutralise formulas so a name like "=HYPERLINK(...)" stays text in Excel.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The roster as CSV, UTF-8 with a BOM so that Excel shows Arabic names correctly. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { offering } = await requireOfferingStaff(request, params.id);
  const t = await getTranslator(request);
  const header = [
    t("fields.displayName"),
    t("fields.email"),
    t("fields.association"),
    t("fields.region"),
    t("admin.users.status"),
    t("trainer.progress"),
    t("trainer.csv.lessons"),
    t("trainer.csv.quizzes"),
    t("trainer.csv.averageScore"),
    t("trainer.csv.exercises"),
    t("trainer.lastActivity"),
    t("trainer.csv.completedAt"),
  ];
  const rows = rosterOf(offering.offering.id).map((r) => [
    r.name,
    r.email,
    r.association,
    r.regionCode ? t(`regions.${r.regionCode}`) : "",
    t(`offerings.statusOf.${r.status}`),
    `${r.percent}%`,
    `${r.lessonsDone}/${r.lessonsTotal}`,
    `${r.quizzesPassed}/${r.quizzesTotal}`,
    r.averageScore ?? "",
    `${r.exercisesAccepted}/${r.exercisesTotal}`,
    r.lastActivityAt?.toISOString() ?? "",
    r.completedAt?.toISOString() ?? "",
  ]);
  const body = "\uFEFF" + [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(`${offering.course.id}-${offering.offering.periodLabel}.csv`),
      "Cache-Control": "private, no-store",
    },
  });
}
