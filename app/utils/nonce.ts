import { createContext, useContext } from "react";

/** The per-request CSP nonce, given to the scripts Remix inlines (the browser hides it from the DOM after parsing). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
