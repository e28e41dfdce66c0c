/** The benchmark's stand-in for WXT's `#i18n` module (the engine itself never translates). */
export const i18n = { t: (key: string) => key };
