/** A short two-tone chime; a browser without Web Audio (or before any click) stays silent. */
export function chime() {
  try {
    const audio = new AudioContext();
    [880, 1320].forEach((frequency, index) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + index * 0.18);
      tone.stop(audio.currentTime + index * 0.18 + 0.15);
    });
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // No audio output: the visible cue still shows.
  }
}
