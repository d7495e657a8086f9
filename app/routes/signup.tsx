import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, RegionSelect, SelectField, useFocusFirstError } from "~/components/form";
import { listAssociations, getAssociation } from "~/models/association.server";
import { createUser, getUserByEmail } from "~/models/user.server";
import { getUser, startSessionAndRedirect } from "~/utils/auth.server";
import { associationChoice, emailField, newPassword, parseForm, personName, regionField } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { hashPassword } from "~/utils/password.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  displayName: personName(100),
  email: emailField,
  password: newPassword,
  associationId: associationChoice,
  regionCode: regionField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/account");
  const t = await getTranslator(request);
  return { title: t("signup.title"), associations: listAssociations({ activeOnly: true }).map((a) => ({ id: a.id, name: a.name, regionCode: a.regionCode })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return invalid(form.errors, form.values);
  const { displayName, email, password, associationId, regionCode } = form.data;
  const values = { displayName, email, associationId: String(associationId ?? "none"), regionCode };
  if (getUserByEmail(email)) return invalid({ email: "errors.emailTaken" }, values);
  if (associationId !== null && !getAssociation(associationId)) return invalid({ associationId: "errors.invalidChoice" }, values);
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
  if (!user) return invalid({ email: "errors.emailTaken" }, values);
  return startSessionAndRedirect(user.id, "/account?welcome=1");
}

export default function SignupPage() {
  const { associations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  useFocusFirstError(errors);
  return (
    <section className="page narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p className="lead">{t("signup.intro")}</p>
      <Form method="post" noValidate className="stack">
        <Field name="displayName" label={t("fields.displayName")} autoComplete="name" required maxLength={100} defaultValue={values.displayName} error={errors?.displayName} />
        <Field name="email" type="email" label={t("fields.email")} autoComplete="email" required dir="ltr" defaultValue={values.email} error={errors?.email} />
        {errors?.email === "errors.emailTaken" ? (
          <p className="hint">
            <Link to="/login">{t("signup.goToLogin")}</Link>
          </p>
        ) : null}
        <Field name="password" type="password" label={t("fields.password")} hint={t("fields.passwordHint")} autoComplete="new-password" required minLength={10} error={errors?.password} />
        <SelectField name="associationId" label={t("fields.association")} defaultValue={values.associationId ?? ""} error={errors?.associationId} required>
          <option value="" disabled>
            {t("fields.choose")}
          </option>
          <option value="none">{t("fields.associationNone")}</option>
          {associations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} — {t(`regions.${a.regionCode}`)}
            </option>
          ))}
        </SelectField>
        <RegionSelect defaultValue={values.regionCode ?? ""} error={errors?.regionCode} />
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
