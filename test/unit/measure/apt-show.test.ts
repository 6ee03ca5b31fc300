// `apt-cache show` output (trixie's python3-onnxruntime, shortened) read as package facts.
import { describe, expect, it } from 'vitest';
import { parseAptShow } from '../../../src/measure/apt-show.js';

const SHOW = `Package: python3-onnxruntime
Source: onnxruntime
Version: 1.21.0+dfsg-1
Installed-Size: 2117
Depends: python3-numpy (>= 1:1.25.0), python3-numpy-abi10, libonnxruntime1.21 (= 1.21.0+dfsg-1), python3:any | python3-minimal,
 python3-coloredlogs, python3-flatbuffers
Pre-Depends: dpkg (>= 1.17.14)
Description: runtime for the ONNX format

Package: python3-onnxruntime
Version: 1.20.0-1
Installed-Size: 9999

Package: libonnxruntime1.21
Installed-Size: 51234
Depends: libc6 (>= 2.38), libstdc++6:amd64 (>= 14)
`;

describe('apt-cache show', () => {
  it('reads Installed-Size in KiB and the Depends and Pre-Depends names, the first stanza of a package winning', () => {
    expect(parseAptShow(SHOW)).toEqual([
      { name: 'python3-onnxruntime', installedBytes: 2117 * 1024, requires: ['dpkg', 'python3-numpy', 'python3-numpy-abi10', 'libonnxruntime1.21', 'python3', 'python3-coloredlogs', 'python3-flatbuffers'] },
      { name: 'libonnxruntime1.21', installedBytes: 51234 * 1024, requires: ['libc6', 'libstdc++6'] },
    ]);
  });
});
