// Byte attribution of an image (pure): every stored byte → base, package, cache, COPY'd context path, waste or other.
export { attributeImage, type AttributionInput } from './attribute.js';
export { attributionWants, attributionWantsKey } from './wants.js';
export { groupOf, type ContextFile, type CopyLayer } from './copy.js';
export { CATEGORIES, type Attribution, type Category, type PackageBytes } from './types.js';
export { installedDebNames } from './dpkg.js';
export { dpkgPathFilters, filteredOut, shareKeySample, type PathFilter } from './dpkg-filters.js';
