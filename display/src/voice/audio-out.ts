/**
 * The display's one audio output (Web Audio): the chime, and the server's sentences played to
 * their end. Created on first use, so a display with sound off never opens an audio device.
 */
export class AudioOut {
  private ctx: AudioContext | null = null;

  context(): AudioContext | null {
    if (this.ctx) return this.ctx;
    if (typeof AudioContext === 'undefined') return null;
    this.ctx = new AudioContext();
    return this.ctx;
  }

  /**
   * Whether the browser lets the page play sound now (autoplay policy). Asked with a moment of
   * silence in an audio element, which the browser plays off the page's thread: opening the Web
   * Audio device can hold a slow TV stick's page for a while, so that waits for the first call.
   */
  async soundAllowed(): Promise<boolean> {
    if (!this.ctx && typeof Audio !== 'undefined') {
      const probe = new Audio(silenceUrl());
      try {
        await probe.play();
        return true;
      } catch (e) {
        if (e instanceof DOMException && e.name === 'NotAllowedError') return false;
        // No way to play the probe: ask the audio context below.
      } finally {
        probe.pause();
      }
    }
    const ctx = this.context();
    if (!ctx) return false;
    if (ctx.state !== 'running') {
      // Resolves at once with a kiosk-mode autoplay flag; stays suspended until a tap otherwise.
      await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 300))]);
    }
    return ctx.state === 'running';
  }

  /** Opens the output now; whether it runs (resumed within 300 ms) or waits for a tap. */
  async warmUp(): Promise<boolean> {
    const ctx = this.context();
    if (!ctx) return false;
    if (ctx.state !== 'running') {
      await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 300))]);
    }
    return ctx.state === 'running';
  }

  /** From the "tap to enable sound" button: a user gesture unlocks audio. */
  async unlock(): Promise<boolean> {
    const ctx = this.context();
    if (ctx) await ctx.resume().catch(() => undefined);
    return ctx?.state === 'running';
  }

  get running(): boolean {
    return this.ctx?.state === 'running';
  }

  /** A two-tone gong (about 1.2 s), synthesised: no audio file, nothing to download. */
  async chime(): Promise<void> {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return;
    const start = ctx.currentTime + 0.05;
    for (const [i, freq] of [659.25, 523.25].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t0 = start + i * 0.45;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.4, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.75);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.8);
    }
    await new Promise((r) => setTimeout(r, 1300));
  }

  /** Decodes audio (the server's WAV) into a buffer ready to play. */
  async decode(bytes: ArrayBuffer): Promise<AudioBuffer | null> {
    const ctx = this.context();
    if (!ctx) return null;
    return ctx.decodeAudioData(bytes);
  }

  /** Plays a buffer to its end; false at once when the browser does not let the page play sound. */
  play(buffer: AudioBuffer): Promise<boolean> {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return Promise.resolve(false);
    return new Promise((resolve) => {
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      // Should `ended` never come (a device gone), the queue still moves on, after the whole sentence.
      const watchdog = setTimeout(() => resolve(true), buffer.duration * 1000 + 1500);
      source.onended = () => {
        clearTimeout(watchdog);
        resolve(true);
      };
      source.start();
    });
  }
}

let silence: string | null = null;

/** A tenth of a second of silence as a WAV (8 kHz, 8-bit mono), made once. */
function silenceUrl(): string {
  if (silence) return silence;
  const samples = 800;
  const view = new DataView(new ArrayBuffer(44 + samples));
  const text = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) view.setUint8(44 + i, 128);
  silence = URL.createObjectURL(new Blob([view.buffer], { type: 'audio/wav' }));
  return silence;
}
