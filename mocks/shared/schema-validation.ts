import type { ValidateFunction } from 'ajv';

/** Compiled validators by a caller-chosen key: compiling a schema costs far more than running it. */
export function createValidatorCache(): (key: string, compile: () => ValidateFunction) => ValidateFunction {
  const compiled = new Map<string, ValidateFunction>();
  return (key, compile) => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = compile();
      compiled.set(key, validate);
    }
    return validate;
  };
}

/** A validator's last errors as one line each: where, what, and the keyword's parameters. */
export const schemaErrors = (validate: ValidateFunction): string[] =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
