/**
 * Libraries throw on malformed input (a point off the curve, a bad encoding); our contract is that
 * verify answers false for any invalid signature, as a node would when rejecting a message.
 */
export function falseOnThrow<A extends unknown[]>(verify: (...args: A) => boolean): (...args: A) => boolean {
  return (...args) => {
    try {
      return verify(...args);
    } catch {
      return false;
    }
  };
}
