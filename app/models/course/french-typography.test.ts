import { describe, expect, it } from "vitest";
import { frenchTypography } from "./french-typography";

describe("French typography at compile time", () => {
  it("puts a narrow no-break space before ; ! ? and a no-break space before :", () => {
    expect(frenchTypography("Pourquoi ? Parce que ! Enfin ; voici : la liste")).toBe("Pourquoi\u202F? Parce que\u202F! Enfin\u202F; voici\u00A0: la liste");
  });
  it("puts no-break spaces inside guillemets, typed or not", () => {
    expect(frenchTypography("« Bonjour » et «salut»")).toBe("«\u00A0Bonjour\u00A0» et «\u00A0salut\u00A0»");
  });
  it("leaves URLs, times and text without spaces alone", () => {
    expect(frenchTypography("https://exemple.ma/?a=1 à 10:30")).toBe("https://exemple.ma/?a=1 à 10:30");
  });
  it("is idempotent", () => {
    const once = frenchTypography("Prêts ? « Oui » : allons-y !");
    expect(frenchTypography(once)).toBe(once);
  });
});
