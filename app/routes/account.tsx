import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { User } from "../../db/schema";
import { LOCALES } from "../../db/enums";
import {
  ConformField,
  ConformSelect,
  ErrorSummary,
  FormMessage,
  formErrorText,
  useSchemaForm,
  useSchemaFormWithDefaults,
  RegionOptions,
} from "~/components/form";
import { Ltr } from "~/components/ltr";
import { ProfileDataFields } from "~/components/outcomes";
import { getProfileData, saveProfileData, withdrawProfileConsent } from "~/models/profile-data.server";
import { birthYearRange, profileDataOf, profileDataShape, refineProfileData } from "~/utils/profile-data-form";
import { getAssociation, isSelectableAssociation, listSelectableAssociations } from "~/models/association.server";
import { changePassword, updateUser, updateUserEmail } from "~/models/user.server";
import { getAuth } from "~/utils/auth.server";
import {
  arabicScriptName,
  associationChoice,
  emailField,
  latinScriptName,
  localeField,
  newPassword,
  passwordInput,
  personName,
  regionField,
} from "~/utils/forms";
import { LOCALE_NAMES, formatDate } from "~/utils/i18n";
import { getTranslator, localeCookie } from "~/utils/i18n.server";
import { notifyEmailChanged } from "~/models/notifications.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { requirePermission } from "~/utils/permissions.server";
import { blockedFor, forget, hit } from "~/utils/rate-limit.server";
import { textField, readFormData } from "~/utils/request-body.server";
import { parseFormSubmission, rejectSubmission, rejectThrottled } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const profileSchema = z.object({
  displayName: personName(100),
  nameArabic: arabicScriptName,
  nameLatin: latinScriptName,
  associationId: associationChoice,
  regionCode: regionField,
  locale: localeField,
});

const profileDataSchema = z.object(profileDataShape).superRefine(refineProfileData);

const emailSchema = z.object({ email: emailField, currentPassword: passwordInput });

const passwordSchema = z
  .object({ currentPassword: passwordInput, newPassword, confirmPassword: passwordInput })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordMismatch" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const t = await getTranslator(request);
  const associations = listSelectableAssociations().map((a) => ({ id: a.id, name: a.name }));
  // A person already in an association that is no longer active keeps it on offer (keeping it is not choosing it).
  const current = user.associationId ? getAssociation(user.associationId) : null;
  if (current && !associations.some((a) => a.id === current.id)) associations.unshift({ id: current.id, name: current.name });
  return {
    title: t("account.title"),
    user: {
      displayName: user.displayName,
      nameArabic: user.nameArabic ?? "",
      nameLatin: user.nameLatin ?? "",
      email: user.email,
      associationId: user.associationId ? String(user.associationId) : "none",
      regionCode: user.regionCode ?? "",
      locale: user.locale,
    },
    associations,
    profileData: (() => {
      const stored = getProfileData(user.id);
      return { sex: stored.sex, birthYear: stored.birthYear, consentAt: stored.consentAt?.getTime() ?? null };
    })(),
    birthYearRange: birthYearRange(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const formData = await readFormData(request);
  const ip = context?.clientIp ?? "unknown";
  switch (textField(formData, "intent")) {
    case "profile":
      return profileAction(user, formData);
    case "profile-data":
      return profileDataAction(user, formData);
    case "withdraw-consent":
      withdrawProfileConsent(user.id);
      return { saved: "withdrawn" as const };
    case "email":
      return emailAction(request, user, formData, ip);
    case "password":
      return passwordAction(request, user, formData, ip);
    default:
      throw data({ reason: "badRequest" }, { status: 400 });
  }
}

async function profileAction(user: User, formData: FormData) {
  const submission = await parseFormSubmission(formData, profileSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { associationId, ...rest } = submission.value;
  // Only active associations may be chosen; the one the person is already in may be kept.
  if (associationId !== null && associationId !== user.associationId && !isSelectableAssociation(associationId)) {
    return rejectSubmission(submission, { fieldErrors: { associationId: ["errors.invalidChoice"] } });
  }
  updateUser(user.id, { ...rest, associationId });
  return data({ result: submission.reply(), saved: "profile" as const }, { headers: { "Set-Cookie": await localeCookie.serialize(rest.locale) } });
}

/** Sex and birth year, stored only with the consent box ticked; giving nothing stores nothing. */
async function profileDataAction(user: User, formData: FormData) {
  const submission = await parseFormSubmission(formData, profileDataSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const stored = saveProfileData(user.id, profileDataOf(submission.value));
  return { result: submission.reply(), saved: stored.consentAt ? ("profile-data" as const) : ("profile-data-empty" as const) };
}

/**
 * The current password, checked under the same throttle as a failed login for this account from this address, so that
 * a borrowed session cannot be used to guess it.
 */
async function checkCurrentPassword(request: Request, submission: Awaited<ReturnType<typeof parseFormSubmission>>, user: User, password: string, ip: string) {
  const pair = `${user.email}|${ip}`;
  const wait = await blockedFor("loginPair", pair);
  if (wait) return rejectThrottled(request, submission, wait, "login.throttled");
  if (await verifyPassword(user.passwordHash, password)) {
    await forget("loginPair", pair);
    return null;
  }
  const now = await hit("loginPair", pair);
  if (now) return rejectThrottled(request, submission, now, "login.throttled");
  return rejectSubmission(submission, { fieldErrors: { currentPassword: ["errors.wrongPassword"] } });
}

async function emailAction(request: Request, user: User, formData: FormData, ip: string) {
  const submission = await parseFormSubmission(formData, emailSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { email, currentPassword } = submission.value;
  const refused = await checkCurrentPassword(request, submission, user, currentPassword, ip);
  if (refused) return refused;
  if (email === user.email) return rejectSubmission(submission, { fieldErrors: { email: ["errors.emailUnchanged"] } });
  if (updateUserEmail(user.id, email) === "taken") return rejectSubmission(submission, { fieldErrors: { email: ["errors.emailTakenOther"] } });
  // To the old address: if someone else made the change, the owner hears of it where they still read their mail.
  await notifyEmailChanged({ email: user.email, displayName: user.displayName, locale: user.locale }, email);
  return { result: submission.reply({ resetForm: true }), saved: "email" as const };
}

async function passwordAction(request: Request, user: User, formData: FormData, ip: string) {
  const submission = await parseFormSubmission(formData, passwordSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const refused = await checkCurrentPassword(request, submission, user, submission.value.currentPassword, ip);
  if (refused) return refused;
  const auth = await getAuth(request);
  changePassword(user.id, await hashPassword(submission.value.newPassword), auth.session?.id);
  return { result: submission.reply({ resetForm: true }), saved: "password" as const };
}

type Saved = "profile" | "email" | "password" | "profile-data" | "profile-data-empty" | "withdrawn";
type Reply = { result?: unknown; saved?: Saved } | undefined;

/** Which of the three forms the last answer belongs to: its `saved` marker, or the intent it was posted with. */
function intentOf(reply: Reply) {
  if (reply?.saved === "profile-data-empty" || reply?.saved === "withdrawn") return "profile-data";
  if (reply?.saved) return reply.saved;
  const initial = (reply?.result as { initialValue?: Record<string, unknown> } | undefined)?.initialValue;
  return typeof initial?.intent === "string" ? initial.intent : null;
}

export default function AccountPage() {
  const { user, associations, profileData, birthYearRange: range } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Reply;
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const intent = intentOf(actionData);
  const resultFor = (name: string) => (intent === name ? actionData?.result : undefined);
  const [profileForm, profile] = useSchemaFormWithDefaults(profileSchema, resultFor("profile"), "profile", user);
  const [emailForm, emailFields] = useSchemaForm(emailSchema, resultFor("email"), "email");
  const [passwordForm, passwordFields] = useSchemaForm(passwordSchema, resultFor("password"), "password");
  const [dataForm, dataFields] = useSchemaFormWithDefaults(profileDataSchema, resultFor("profile-data"), "profile-data", {
    sex: profileData.sex ?? "none",
    birthYear: profileData.birthYear ? String(profileData.birthYear) : "",
    profileConsent: profileData.consentAt ? "on" : undefined,
  });
  const dataLabels = {
    sex: t("outcomes.profile.sex"),
    birthYear: t("outcomes.profile.birthYear"),
    profileConsent: t("outcomes.profile.consent").replace(/[.。]$/u, ""),
  };
  const profileLabels = {
    displayName: t("fields.displayName"),
    nameArabic: t("fields.nameArabic"),
    nameLatin: t("fields.nameLatin"),
    associationId: t("fields.association"),
    regionCode: t("fields.region"),
    locale: t("fields.locale"),
  };
  // The forms post to /account itself, so a one-time notice of the URL (?welcome=1) does not stay after a save.
  const savedMessage = {
    profile: "account.saved",
    email: "account.emailChanged",
    password: "account.passwordChanged",
    "profile-data": "outcomes.profile.saved",
    "profile-data-empty": "outcomes.profile.savedNothing",
    withdrawn: "outcomes.profile.withdrawn",
  } as const;
  return (
    <section className="page narrow" aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      {params.get("welcome") ? <FormMessage tone="success">{t("account.welcome")}</FormMessage> : null}
      {params.get("passwordSet") ? <FormMessage tone="success">{t("account.passwordSet")}</FormMessage> : null}
      {actionData?.saved ? <FormMessage tone="success">{t(savedMessage[actionData.saved])}</FormMessage> : null}

      <h2 id="profile-title">{t("account.profile")}</h2>
      <ErrorSummary form={profileForm} labels={profileLabels} />
      <Form method="post" action="/account" className="stack" aria-labelledby="profile-title" {...getFormProps(profileForm)}>
        <input type="hidden" name="intent" value="profile" />
        <ConformField meta={profile.displayName} label={profileLabels.displayName} autoComplete="name" />
        <p className="hint">{t("account.certificateNames")}</p>
        <ConformField meta={profile.nameArabic} label={profileLabels.nameArabic} dir="rtl" lang="ar" />
        <ConformField meta={profile.nameLatin} label={profileLabels.nameLatin} dir="ltr" lang="fr" />
        <ConformSelect meta={profile.associationId} label={profileLabels.associationId}>
          <option value="none">{t("fields.associationNone")}</option>
          {associations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </ConformSelect>
        <ConformSelect meta={profile.regionCode} label={profileLabels.regionCode}>
          <RegionOptions />
        </ConformSelect>
        <ConformSelect meta={profile.locale} label={profileLabels.locale}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </ConformSelect>
        <button type="submit" className="button">
          {t("account.save")}
        </button>
      </Form>

      <h2 id="profile-data-title">{t("outcomes.profile.title")}</h2>
      <section aria-labelledby="stored-title" className="card stored-data">
        <h3 id="stored-title">{t("outcomes.profile.stored")}</h3>
        {profileData.consentAt ? (
          <div data-testid="stored-profile-data">
            <dl className="facts">
              <div>
                <dt>{dataLabels.sex}</dt>
                <dd>{profileData.sex ? t(`outcomes.profile.sexOptions.${profileData.sex}`) : t("outcomes.profile.notGiven")}</dd>
              </div>
              <div>
                <dt>{dataLabels.birthYear}</dt>
                <dd>{profileData.birthYear ? <Ltr>{String(profileData.birthYear)}</Ltr> : t("outcomes.profile.notGiven")}</dd>
              </div>
            </dl>
            <p className="hint">{t("outcomes.profile.consentDate", { date: formatDate(profileData.consentAt, i18n.language, { dateStyle: "long" }) })}</p>
          </div>
        ) : (
          <p data-testid="stored-profile-data">{t("outcomes.profile.storedNothing")}</p>
        )}
      </section>
      <ErrorSummary form={dataForm} labels={dataLabels} />
      <Form method="post" action="/account" className="stack" aria-labelledby="profile-data-title" {...getFormProps(dataForm)}>
        <input type="hidden" name="intent" value="profile-data" />
        <ProfileDataFields fields={dataFields} range={range} />
        <button type="submit" className="button">
          {t("outcomes.profile.save")}
        </button>
      </Form>
      {profileData.consentAt ? (
        <Form method="post" action="/account" className="stack">
          <input type="hidden" name="intent" value="withdraw-consent" />
          <button type="submit" className="button secondary">
            {t("outcomes.profile.withdraw")}
          </button>
        </Form>
      ) : null}

      <h2 id="email-title">{t("account.changeEmail")}</h2>
      <p>
        {t("fields.email")}: <Ltr>{user.email}</Ltr>
      </p>
      {emailForm.errors?.[0] ? <FormMessage>{formErrorText(t, emailForm.errors[0])}</FormMessage> : null}
      <Form method="post" action="/account" className="stack" aria-labelledby="email-title" {...getFormProps(emailForm)}>
        <input type="hidden" name="intent" value="email" />
        <ConformField meta={emailFields.email} type="email" label={t("fields.newEmail")} hint={t("account.emailHint")} autoComplete="email" dir="ltr" />
        <ConformField meta={emailFields.currentPassword} type="password" label={t("fields.currentPassword")} autoComplete="current-password" />
        <button type="submit" className="button">
          {t("account.changeEmail")}
        </button>
      </Form>

      <h2 id="password-title">{t("account.changePassword")}</h2>
      {passwordForm.errors?.[0] ? <FormMessage>{formErrorText(t, passwordForm.errors[0])}</FormMessage> : null}
      <Form method="post" action="/account" className="stack" aria-labelledby="password-title" {...getFormProps(passwordForm)}>
        <input type="hidden" name="intent" value="password" />
        <ConformField meta={passwordFields.currentPassword} type="password" label={t("fields.currentPassword")} autoComplete="current-password" />
        <ConformField
          meta={passwordFields.newPassword}
          type="password"
          label={t("fields.newPassword")}
          hint={t("fields.passwordHint")}
          autoComplete="new-password"
        />
        <ConformField meta={passwordFields.confirmPassword} type="password" label={t("fields.confirmPassword")} autoComplete="new-password" />
        <button type="submit" className="button">
          {t("account.changePassword")}
        </button>
      </Form>
    </section>
  );
}
