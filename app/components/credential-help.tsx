import { useTranslation } from "react-i18next";

/** Plain words on the digital badge file: what it is, and how to put it in a wallet or hand it to an employer. */
export function CredentialHelp() {
  const { t } = useTranslation();
  return (
    <details className="credential-help">
      <summary>{t("learn.badgeHelp.title")}</summary>
      <p>{t("learn.badgeHelp.what")}</p>
      <ol>
        <li>{t("learn.badgeHelp.step1")}</li>
        <li>{t("learn.badgeHelp.step2")}</li>
        <li>{t("learn.badgeHelp.step3")}</li>
      </ol>
    </details>
  );
}
