// Where base-alpine and the alpine base trials move a stage: the image, and what the old base had.
import type { ImageRef } from '../../dockerfile/index.js';
import type { ToolTier } from '../../analysis/images/slim-sibling.js';

export interface AlpineTarget {
  image: ImageRef;
  /** What the old base had that Alpine lacks (base-slim's tiers), null for a base without extra tools. */
  lost: ToolTier | null;
  /** The old base, for notes. */
  from: string;
  /** True when the new base has no Python of its own (alpine:3), so pip comes from apk. */
  osOnly: boolean;
}
