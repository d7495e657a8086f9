import type { LoaderFunctionArgs } from "@remix-run/node";
import { rosterOf } from "~/models/roster.server";
import { requireOfferingStaff } from "~/utils/permissions.server";
import { getTranslator } from "~/utils/i18n.server";
import { csvResponse } from "~/utils/csv.server";

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
  return csvResponse([header, ...rows], `${offering.course.id}-${offering.offering.periodLabel}.csv`);
}
