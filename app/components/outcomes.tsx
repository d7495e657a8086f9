import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { ConformField, ConformSelect, FieldError } from "~/components/form";
import { Ltr } from "~/components/ltr";
import { SEX_CHOICES } from "~/utils/profile-data-form";

type FieldMeta = FieldMetadata<any, any, any>;

const SEX_DISPLAY_ORDER = ["none", ...SEX_CHOICES.filter((s) => s !== "none")] as const;

/**
 * Sex and birth year with their statement of purpose and the explicit, unticked consent box (law 09-08): the same block
 * on /account and /signup.
 */
export function ProfileDataFields({
  fields,
  range,
}: {
  fields: { sex: FieldMeta; birthYear: FieldMeta; profileConsent: FieldMeta };
  range: { min: number; max: number };
}) {
  const { t } = useTranslation();
  return (
    <div className="stack profile-data">
      <p className="hint">{t("outcomes.profile.purpose")}</p>
      {/* "Not given" first: it is what an untouched form sends, so nobody reports a sex without choosing to. */}
      <ConformSelect meta={fields.sex} label={t("outcomes.profile.sex")}>
        {SEX_DISPLAY_ORDER.map((s) => (
          <option key={s} value={s}>
            {t(`outcomes.profile.sexOptions.${s}`)}
          </option>
        ))}
      </ConformSelect>
      <ConformField
        meta={fields.birthYear}
        label={t("outcomes.profile.birthYear")}
        hint={t("outcomes.profile.birthYearHint", range)}
        inputMode="numeric"
        autoComplete="bday-year"
        dir="ltr"
        maxLength={4}
        pattern="[0-9]{4}"
      />
      <ConsentBox meta={fields.profileConsent} label={t("outcomes.profile.consent")} />
    </div>
  );
}

/** A single checkbox that must be ticked on purpose; its error is tied to it. */
function ConsentBox({ meta, label }: { meta: FieldMeta; label: string }) {
  const error = meta.errors?.[0];
  const props = getInputProps(meta, { type: "checkbox", value: "on" });
  return (
    <div className="field">
      <label className="consent">
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- only on a box to correct: without JavaScript, the browser focuses it */}
        <input {...props} key={props.key} autoFocus={error ? true : undefined} /> <span>{label}</span>
      </label>
      <FieldError meta={meta} />
    </div>
  );
}

/** One Likert statement: five radios in a fieldset whose legend is the statement, stacked for a 360 px screen. */
export function LikertGroup({ meta, legend }: { meta: FieldMeta; legend: string }) {
  const { t } = useTranslation();
  const error = meta.errors?.[0];
  const radios = getCollectionProps(meta, { type: "radio", options: ["1", "2", "3", "4", "5"] });
  return (
    <fieldset className="question likert" id={meta.id} tabIndex={-1} aria-describedby={error ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      <ul className="options">
        {radios.map((props, i) => (
          <li key={props.key}>
            <label className="option">
              <input {...props} id={`${meta.id}-${i + 1}`} key={props.key} />
              <span>{t(`outcomes.survey.scale.${i + 1}`)}</span>
            </label>
          </li>
        ))}
      </ul>
      <FieldError meta={meta} />
    </fieldset>
  );
}

type Result = { score: number; maxScore: number; percent: number } | null;

/** Before and after, side by side, with the gain in percentage points once both exist. */
export function AssessmentResults({ results }: { results: { pre: Result; post: Result } }) {
  const { t } = useTranslation();
  const line = (r: NonNullable<Result>) => t("outcomes.assessment.score", { score: r.score, max: r.maxScore, percent: r.percent });
  const gain = results.pre && results.post ? results.post.percent - results.pre.percent : null;
  return (
    <div data-testid="assessment-results">
      <dl className="facts assessment-results">
        {results.pre ? (
          <div>
            <dt>{t("outcomes.assessment.before")}</dt>
            <dd>{line(results.pre)}</dd>
          </div>
        ) : null}
        {results.post ? (
          <div>
            <dt>{t("outcomes.assessment.after")}</dt>
            <dd>{line(results.post)}</dd>
          </div>
        ) : null}
      </dl>
      {gain !== null ? (
        <p className="gain">
          {t("outcomes.assessment.gain")} <Ltr>{`${gain > 0 ? "+" : gain < 0 ? "−" : ""}${Math.abs(gain)}`}</Ltr>
        </p>
      ) : null}
    </div>
  );
}
