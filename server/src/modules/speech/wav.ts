/** A WAV file's format and samples, read back (16-bit PCM only, which is what the engine writes). */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** The samples of the first channel. */
  samples: Int16Array;
  durationMs: number;
}

/** Reads a RIFF/WAVE file's `fmt ` and `data` chunks; throws on anything else. */
export function readWav(file: Uint8Array): WavInfo {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tag = (at: number) => String.fromCharCode(...file.subarray(at, at + 4));
  if (file.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  let format: { channels: number; sampleRate: number; bitsPerSample: number; audioFormat: number } | null =
    null;
  while (at + 8 <= file.byteLength) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data before its format');
      if (format.audioFormat !== 1 || format.bitsPerSample !== 16) throw new Error('not 16-bit PCM');
      const end = Math.min(file.byteLength, body + size);
      const frames = Math.floor((end - body) / (2 * format.channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = view.getInt16(body + i * 2 * format.channels, true);
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        bitsPerSample: format.bitsPerSample,
        samples,
        durationMs: (frames / format.sampleRate) * 1000,
      };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV without data');
}

/** Root-mean-square loudness in dBFS (0 is full scale; digital silence is -Infinity). */
export function loudnessDbfs(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length)) / 32768;
  return 20 * Math.log10(rms);
}

/** How long the file stays below `threshold` (of full scale) before its first sound, in ms. */
export function leadingSilenceMs(wav: WavInfo, threshold = 0.02): number {
  const limit = threshold * 32768;
  const first = wav.samples.findIndex((s) => Math.abs(s) > limit);
  return ((first < 0 ? wav.samples.length : first) / wav.sampleRate) * 1000;
}
