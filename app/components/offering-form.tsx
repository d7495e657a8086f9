import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LOCALES, OFFERING_STATUSES } from "../../db/enums";
import { Field, SelectField, useFocusFirstError } from "./form";
import { LOCALE_NAMES } from "~/utils/i18n";

const day = z
  .string({ required_error: "errors.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "offerings.errors.date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "offerings.errors.date");

const DAY_MS = 24 * 60 * 60 * 1000;
/** Dates are calendar days: the first instant of an opening day, the last instant of a closing day (UTC). */
export const startOfDay = (v: string) => new Date(`${v}T00:00:00.000Z`);
export const endOfDay = (v: string) => new Date(startOfDay(v).getTime() + DAY_MS - 1);
export const toDayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const offeringSchema = z
  .object({
    courseId: z.string({ required_error: "errors.required" }).min(1, "errors.required"),
    periodLabel: z
      .string({ required_error: "errors.required" })
      .trim()
      .regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, "offerings.errors.period"),
    enrolOpensAt: day,
    enrolClosesAt: day,
    startsAt: day,
    endsAt: day,
    capacity: z.coerce.number({ invalid_type_error: "offerings.errors.capacity" }).int("offerings.errors.capacity").min(1, "offerings.errors.capacity").max(10000, "offerings.errors.capacity"),
    languages: z.array(z.enum(LOCALES)).min(1, "offerings.errors.languages"),
    status: z.enum(OFFERING_STATUSES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
    trainerIds: z.array(z.coerce.number().int().positive()).max(20),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt < v.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "offerings.errors.endBeforeStart" });
    if (v.enrolClosesAt < v.enrolOpensAt) ctx.addIssue({ code: "custom", path: ["enrolClosesAt"], message: "offerings.errors.closeBeforeOpen" });
    if (v.enrolOpensAt > v.endsAt) ctx.addIssue({ code: "custom", path: ["enrolOpensAt"], message: "offerings.errors.opensAfterEnd" });
  });

export function readOfferingForm(formData: FormData) {
  const raw = {
    ...Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")),
    languages: formData.getAll("languages"),
    trainerIds: formData.getAll("trainerIds"),
  };
  const result = offeringSchema.safeParse(raw);
  if (result.success) return { ok: true as const, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message.includes(".") ? issue.message : "errors.invalid";
  }
  return { ok: false as const, errors, values: raw as unknown as OfferingFormValues };
}

export type OfferingFormValues = {
  courseId?: string;
  periodLabel?: string;
  enrolOpensAt?: string;
  enrolClosesAt?: string;
  startsAt?: string;
  endsAt?: string;
  capacity?: string;
  languages?: string[];
  status?: string;
  trainerIds?: string[];
};

export function OfferingForm({
  values,
  errors,
  courses,
  trainers,
  submitLabel,
}: {
  values: OfferingFormValues;
  errors?: Record<string, string>;
  courses: { id: string; title: string }[];
  trainers: { id: number; displayName: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  useFocusFirstError(errors);
  return (
    <Form method="post" noValidate className="stack">
      <input type="hidden" name="intent" value="save" />
      <SelectField name="courseId" label={t("offerings.course")} defaultValue={values.courseId ?? ""} error={errors?.courseId}>
        <option value="" disabled>
          {t("fields.choose")}
        </option>
        {courses.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
      <Field name="periodLabel" label={t("offerings.period")} hint={t("offerings.periodHint")} dir="ltr" defaultValue={values.periodLabel} error={errors?.periodLabel} />
      <div className="grid-2">
        <Field name="enrolOpensAt" type="date" label={t("offerings.enrolOpensAt")} defaultValue={values.enrolOpensAt} error={errors?.enrolOpensAt} />
        <Field name="enrolClosesAt" type="date" label={t("offerings.enrolClosesAt")} defaultValue={values.enrolClosesAt} error={errors?.enrolClosesAt} />
        <Field name="startsAt" type="date" label={t("offerings.startsAt")} defaultValue={values.startsAt} error={errors?.startsAt} />
        <Field name="endsAt" type="date" label={t("offerings.endsAt")} defaultValue={values.endsAt} error={errors?.endsAt} />
      </div>
      <Field name="capacity" type="number" min={1} label={t("offerings.capacity")} inputMode="numeric" defaultValue={values.capacity} error={errors?.capacity} />
      <fieldset className="field" aria-describedby={errors?.languages ? "languages-error" : undefined}>
        <legend>{t("offerings.languages")}</legend>
        {LOCALES.map((l) => (
          <label key={l} className="check">
            <input type="checkbox" name="languages" value={l} defaultChecked={values.languages?.includes(l)} /> <span lang={l}>{LOCALE_NAMES[l]}</span>
          </label>
        ))}
        {errors?.languages ? (
          <p className="field-error" id="languages-error">
            {t(errors.languages)}
          </p>
        ) : null}
      </fieldset>
      <SelectField name="status" label={t("fields.status")} defaultValue={values.status ?? "draft"} error={errors?.status}>
        {OFFERING_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`offerings.statuses.${s}`)}
          </option>
        ))}
      </SelectField>
      <fieldset className="field">
        <legend>{t("offerings.trainers")}</legend>
        {trainers.map((tr) => (
          <label key={tr.id} className="check">
            <input type="checkbox" name="trainerIds" value={tr.id} defaultChecked={values.trainerIds?.includes(String(tr.id))} /> <bdi>{tr.displayName}</bdi>
          </label>
        ))}
      </fieldset>
      <p className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        <Link to="/admin/offerings">{t("admin.cancel")}</Link>
      </p>
    </Form>
  );
}
