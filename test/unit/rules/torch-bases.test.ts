// The torch-base catalogue and the reading of a final image's base for torch (torch-cpu and onnx-runtime share it).
import { describe, expect, it } from 'vitest';
import { parseDockerfile, parseImageRef } from '../../../src/dockerfile/index.js';
import { cudaBaseOf, torchBaseOf } from '../../../src/analysis/images/torch-bases.js';
import { finalRoot, needsWorkdir, reliance } from '../../../src/analysis/images/torch-root.js';
import { cpuPinOf, expandAt, torchUrlKind } from '../../../src/analysis/python/torch-index.js';
import { cudaStayNote } from '../../../src/rules/onnx-runtime/torch-base.js';

const base = (image: string) => torchBaseOf(parseImageRef(image));

describe('torch-carrying bases', () => {
  it('knows pytorch/pytorch releases, their Python and companions; declines the rest with the reason', () => {
    const tb = base('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime')!;
    expect(tb.build).toBe('cuda');
    expect(tb.rebase).toMatchObject({ python: '3.10', image: 'python:3.10-slim', pins: { torch: '2.3.1', torchvision: '0.18.1', torchaudio: '2.3.1' } });
    expect(base('pytorch/pytorch:2.4.0-cuda12.4-cudnn9-devel')!.rebase).toMatchObject({ python: '3.11', image: 'python:3.11' });
    expect(base('pytorch/pytorch:1.13.1-cuda11.6-cudnn8-runtime')!.rebase).toHaveProperty('why');
    expect(base('pytorch/pytorch:latest')!.rebase).toHaveProperty('why');
  });

  it('knows other torch images, CPU ones as such, and no torch in plain bases', () => {
    expect(base('nvcr.io/nvidia/pytorch:24.01-py3')!.build).toBe('cuda');
    expect(base('rocm/pytorch:latest')!.build).toBe('rocm');
    expect(base('huggingface/transformers-pytorch-cpu:latest')!.build).toBe('cpu');
    expect(base('hiyouga/pytorch:th2.6.0-cu124-flashattn2.7.4-cxx11abi0-devel')!.build).toBe('cuda');
    expect(base('python:3.11-slim')).toBeNull();
    expect(base('nvidia/cuda:12.1.1-runtime-ubuntu22.04')).toBeNull();
    expect(cudaBaseOf(parseImageRef('nvidia/cuda:11.1.1-cudnn8-devel-ubuntu18.04'))).toEqual({ shown: 'nvidia/cuda:11.1.1-cudnn8-devel-ubuntu18.04', flavour: 'devel with cuDNN' });
  });

  it('finds the final image root through stages, conda reliance, and the base WORKDIR', () => {
    const m = parseDockerfile('FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime AS base\nRUN pip install flask\nFROM base\nRUN ls /opt/conda/lib\n');
    const fr = finalRoot(m);
    expect(fr.root.index).toBe(0);
    expect(fr.torch?.shown).toBe('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime');
    expect(reliance(m, fr)).toMatchObject({ what: 'conda', instr: { line: 4 } });
    expect(needsWorkdir(m, fr.chain)).toBe(true);
    const own = parseDockerfile('FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nWORKDIR /app\nCOPY . .\n');
    expect(needsWorkdir(own, finalRoot(own).chain)).toBe(false);
    expect(cudaStayNote(parseDockerfile('FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n'))).toMatch(/CUDA libraries stay/);
  });
});

describe('torch index URLs and pins', () => {
  it('tells CPU, accelerator and other indexes apart', () => {
    expect(torchUrlKind('https://download.pytorch.org/whl/cpu')).toBe('cpu');
    expect(torchUrlKind('https://download.pytorch.org/whl/nightly/cpu/')).toBe('cpu');
    expect(torchUrlKind('https://download.pytorch.org/whl/cu111/torch_stable.html')).toBe('gpu');
    expect(torchUrlKind('https://download.pytorch.org/whl/torch_stable.html')).toBe('gpu');
    expect(torchUrlKind('https://pypi.nvidia.com')).toBe('gpu');
    expect(torchUrlKind('https://pypi.org/simple')).toBe('other');
  });

  it('reads build variables in effect, nested, and makes accelerator pins +cpu', () => {
    const m = parseDockerfile('FROM python:3.12\nARG CUDA=cu126\nARG URL=https://download.pytorch.org/whl/${CUDA}\nRUN pip install torch\n');
    const run = m.instructions[3]!;
    expect(expandAt(m, run, '${URL}')).toBe('https://download.pytorch.org/whl/cu126');
    expect(expandAt(m, run, '$NOPE')).toBeNull();
    expect(cpuPinOf('torch==2.5.1+${CUDA}', 'torch==2.5.1+cu126')).toBe('torch==2.5.1+cpu');
    expect(cpuPinOf('torch==2.5.1+cpu', 'torch==2.5.1+cpu')).toBe('torch==2.5.1+cpu');
    expect(cpuPinOf('torch>=2', 'torch>=2')).toBe('torch>=2');
  });
});
