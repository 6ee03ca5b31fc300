// Whether a string can name a local image at all (distribution's reference grammar, or an image id). The
// engine's API puts the name in its URL path: a file path such as "/tmp/out" or "./out" there makes Docker's
// router answer 301 to a cleaned path, which dockerode follows to a host named "images" and crashes on with
// an unhandled socket error. So a name that is not a reference never reaches the engine.

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const TAG = ':[\\w][\\w.-]{0,127}';
const DIGEST = '@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*(?:${TAG})?(?:${DIGEST})?$`);
const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;

export function isImageReference(ref: string): boolean {
  return ref.length <= 255 + 128 + 80 && (REFERENCE.test(ref) || IMAGE_ID.test(ref));
}
