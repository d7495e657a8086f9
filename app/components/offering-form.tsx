import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LOCALES, type Locale } from "../../db/enums";
import { ConformCheckboxes, ConformField, ConformSelect, ErrorSummary, useSchemaForm } from "./form";
import { LOCALE_NAMES } from "~/utils/i18n";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Dates are calendar days: the first instant of an opening day, the last instant of a closing day (UTC). */
export const startOfDay = (v: string) => new Date(`${v}T00:00:00.000Z`);
export const endOfDay = (v: string) => new Date(startOfDay(v).getTime() + DAY_MS - 1);
export const toDayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const day = z
  .string({ required_error: "errors.required", invalid_type_error: "offerings.errors.date" })
  .trim()
  // A real calendar day (JavaScript turns 2041-02-30 into 2 March without complaint).
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(startOfDay(v).getTime()) && toDayString(startOfDay(v).getTime()) === v, "offerings.errors.date")
  .refine((v) => v.slice(0, 4) >= "2000" && v.slice(0, 4) <= "2100", "offerings.errors.dateRange");

const PERIOD = /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/;
export const OPEN_STATUSES = ["draft", "open", "running"] as const;

/** The fields an admin edits. Closing is not among the statuses: it is a command of its own (close, reopen). */
export const offeringFields = z.object({
  courseId: z.string({ required_error: "errors.required", invalid_type_error: "errors.invalidChoice" }).max(100, "errors.invalidChoice"),
  periodLabel: z.string({ required_error: "errors.required", invalid_type_error: "offerings.errors.period" }).trim().regex(PERIOD, "offerings.errors.period"),
  enrolOpensAt: day,
  enrolClosesAt: day,
  startsAt: day,
  endsAt: day,
  capacity: z
    .number({ required_error: "errors.required", invalid_type_error: "offerings.errors.capacity" })
    .int("offerings.errors.capacity")
    .min(1, "offerings.errors.capacity")
    .max(10000, "offerings.errors.capacity"),
  languages: z
    .array(z.string(), { invalid_type_error: "offerings.errors.languages" })
    .min(1, "offerings.errors.languages")
    .max(LOCALES.length * 2, "errors.tooMany")
    .refine((values) => values.every((v) => (LOCALES as readonly string[]).includes(v)), "errors.invalidChoice")
    .transform((values) => [...new Set(values)] as Locale[]),
  trainerIds: z
    .array(z.string(), { invalid_type_error: "errors.invalidChoice" })
    .max(20, "errors.tooMany")
    .refine((values) => values.every((v) => /^\d{1,9}$/.test(v)), "errors.invalidChoice")
    .transform((values) => [...new Set(values.map(Number))]),
  status: z.enum(OPEN_STATUSES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
});

type Dates = { enrolOpensAt?: unknown; enrolClosesAt?: unknown; startsAt?: unknown; endsAt?: unknown };

/** The order of the dates; compared only once each date is itself valid (ISO days compare as strings). */
export function checkOfferingDates(v: Dates, ctx: z.RefinementCtx) {
  const valid = (d: unknown): d is string => typeof d === "string" && day.safeParse(d).success;
  const { enrolOpensAt: opens, enrolClosesAt: closes, startsAt: starts, endsAt: ends } = v;
  if (valid(starts) && valid(ends) && ends < starts) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "offerings.errors.endBeforeStart" });
  if (valid(opens) && valid(closes) && closes < opens) ctx.addIssue({ code: "custom", path: ["enrolClosesAt"], message: "offerings.errors.closeBeforeOpen" });
  if (valid(opens) && valid(ends) && opens > ends) ctx.addIssue({ code: "custom", path: ["enrolOpensAt"], message: "offerings.errors.opensAfterEnd" });
}

/** Creating an offering. */
export const newOfferingSchema = offeringFields.superRefine(checkOfferingDates);

/** Saving an existing one: a closed offering's form carries no status, and the server keeps it closed. */
export const saveOfferingFields = offeringFields.extend({ intent: z.literal("save"), status: offeringFields.shape.status.optional() });
export const saveOfferingSchema = saveOfferingFields.superRefine(checkOfferingDates);

/** The form's values as model input: whole days turned into instants. */
export function offeringInput(v: z.output<typeof offeringFields> | z.output<typeof saveOfferingFields>, status: (typeof OPEN_STATUSES)[number] | "closed") {
  return {
    courseId: v.courseId,
    periodLabel: v.periodLabel,
    enrolOpensAt: startOfDay(v.enrolOpensAt),
    enrolClosesAt: endOfDay(v.enrolClosesAt),
    startsAt: startOfDay(v.startsAt),
    endsAt: endOfDay(v.endsAt),
    capacity: v.capacity,
    languages: v.languages,
    status,
    trainerIds: v.trainerIds,
  };
}

export type OfferingFormDefaults = Record<string, string | string[]>;

export function OfferingForm({
  id,
  schema,
  lastResult,
  defaults,
  courses,
  trainers,
  closed = false,
  submitLabel,
}: {
  id: string;
  schema: typeof newOfferingSchema | typeof saveOfferingSchema;
  lastResult: unknown;
  defaults: OfferingFormDefaults;
  courses: { id: string; title: string }[];
  trainers: { id: number; displayName: string }[];
  closed?: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, lastResult, id, defaults);
  const labels: Record<string, string> = {
    courseId: t("offerings.course"),
    periodLabel: t("offerings.period"),
    enrolOpensAt: t("offerings.enrolOpensAt"),
    enrolClosesAt: t("offerings.enrolClosesAt"),
    startsAt: t("offerings.startsAt"),
    endsAt: t("offerings.endsAt"),
    capacity: t("offerings.capacity"),
    languages: t("offerings.languages"),
    status: t("fields.status"),
    trainerIds: t("offerings.trainers"),
  };
  return (
    <>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        {schema === saveOfferingSchema ? <input type="hidden" name="intent" value="save" /> : null}
        <ConformSelect meta={fields.courseId} label={labels.courseId!}>
          <option value="">{t("fields.choose")}</option>
          {courses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </ConformSelect>
        <ConformField meta={fields.periodLabel} label={labels.periodLabel!} hint={t("offerings.periodHint")} dir="ltr" maxLength={7} />
        <div className="grid-2">
          <ConformField meta={fields.enrolOpensAt} type="date" label={labels.enrolOpensAt!} />
          <ConformField meta={fields.enrolClosesAt} type="date" label={labels.enrolClosesAt!} />
          <ConformField meta={fields.startsAt} type="date" label={labels.startsAt!} />
          <ConformField meta={fields.endsAt} type="date" label={labels.endsAt!} />
        </div>
        <ConformField meta={fields.capacity} type="number" label={labels.capacity!} inputMode="numeric" />
        <ConformCheckboxes meta={fields.languages} legend={labels.languages!} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))} />
        {closed ? (
          <p>
            {labels.status}: <strong>{t("offerings.statuses.closed")}</strong> — {t("offerings.closedHint")}
          </p>
        ) : (
          <ConformSelect meta={fields.status} label={labels.status!} hint={t("offerings.statusHint")}>
            {OPEN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`offerings.statuses.${s}`)}
              </option>
            ))}
          </ConformSelect>
        )}
        <ConformCheckboxes
          meta={fields.trainerIds}
          legend={labels.trainerIds!}
          options={trainers.map((tr) => ({ value: String(tr.id), label: <bdi>{tr.displayName}</bdi> }))}
        />
        <p className="actions">
          <button type="submit" className="button">
            {submitLabel}
          </button>
          <Link to="/admin/offerings">{t("admin.cancel")}</Link>
        </p>
      </Form>
    </>
  );
}
