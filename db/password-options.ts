// argon2id with OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane).
// @node-rs/argon2 defaults to argon2id; the algorithm value is spelled out because its enum is a const enum.
export const PASSWORD_HASH_OPTIONS = {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;
