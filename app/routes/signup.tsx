import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, ConformSelect, FormMessage, formErrorText, useSchemaForm, RegionOptions } from "~/components/form";
import { ProfileDataFields } from "~/components/outcomes";
import { saveProfileData } from "~/models/profile-data.server";
import { birthYearRange, profileDataOf, profileDataShape, refineProfileData } from "~/utils/profile-data-form";
import { isSelectableAssociation, listSelectableAssociations } from "~/models/association.server";
import { createUser, getUserByEmail } from "~/models/user.server";
import { getUser, startSessionAndRedirect } from "~/utils/auth.server";
import { associationChoice, emailField, newPassword, personName, regionField } from "~/utils/forms";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { hashPassword } from "~/utils/password.server";
import { hit } from "~/utils/rate-limit.server";
import { parseSubmission, rejectSubmission, rejectThrottled } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z
  .object({
    displayName: personName(100),
    email: emailField,
    password: newPassword,
    associationId: associationChoice,
    regionCode: regionField,
    ...profileDataShape,
  })
  .superRefine(refineProfileData);

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/account");
  const t = await getTranslator(request);
  return { title: t("signup.title"), associations: listSelectableAssociations(), birthYearRange: birthYearRange() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  // Every complete sign-up counts, accepted or not: the limit slows both mass account creation and probing for
  // registered emails; a form refused for a typo does not count.
  const wait = await hit("signupIp", context?.clientIp ?? "unknown");
  if (wait) return rejectThrottled(request, submission, wait, "signup.throttled");
  const { displayName, email, password, associationId, regionCode } = submission.value;
  // Only active associations are offered; a forged id (pending, inactive, unknown) is refused the same way.
  if (associationId !== null && !isSelectableAssociation(associationId)) {
    return rejectSubmission(submission, { fieldErrors: { associationId: ["errors.invalidChoice"] } });
  }
  if (getUserByEmail(email)) return rejectSubmission(submission, { fieldErrors: { email: ["errors.emailTaken"] } });
  const user = createUser({
    displayName,
    email,
    passwordHash: await hashPassword(password),
    associationId,
    regionCode,
    locale: await getLocale(request),
    role: "learner",
  });
  // Two sign-ups with the same email racing: the unique index decides, the loser sees the same message.
  if (!user) return rejectSubmission(submission, { fieldErrors: { email: ["errors.emailTaken"] } });
  saveProfileData(user.id, profileDataOf(submission.value));
  return startSessionAndRedirect(user.id, "/account?welcome=1");
}

export default function SignupPage() {
  const { associations, birthYearRange: range } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "signup");
  const formError = form.errors?.[0];
  const labels = {
    displayName: t("fields.displayName"),
    email: t("fields.email"),
    password: t("fields.password"),
    associationId: t("fields.association"),
    regionCode: t("fields.region"),
  };
  return (
    <section className="page narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p className="lead">{t("signup.intro")}</p>
      {formError ? <FormMessage>{formErrorText(t, formError)}</FormMessage> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ConformField meta={fields.displayName} label={labels.displayName} autoComplete="name" />
        <ConformField meta={fields.email} type="email" label={labels.email} autoComplete="email" dir="ltr" />
        {fields.email.errors?.[0] === "errors.emailTaken" ? (
          <p className="hint">
            <Link to="/login">{t("signup.goToLogin")}</Link>
          </p>
        ) : null}
        <ConformField
          meta={fields.password}
          type="password"
          label={labels.password}
          hint={t("fields.passwordHint")}
          autoComplete="new-password"
          minLength={10}
        />
        <ConformSelect meta={fields.associationId} label={labels.associationId}>
          <option value="" disabled>
            {t("fields.choose")}
          </option>
          <option value="none">{t("fields.associationNone")}</option>
          {associations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} — {t(`regions.${a.regionCode}`)}
            </option>
          ))}
        </ConformSelect>
        <ConformSelect meta={fields.regionCode} label={labels.regionCode}>
          <RegionOptions />
        </ConformSelect>
        <fieldset className="field">
          <legend>{t("outcomes.profile.title")}</legend>
          <ProfileDataFields fields={fields} range={range} />
        </fieldset>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("signup.submit")}
        </button>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
