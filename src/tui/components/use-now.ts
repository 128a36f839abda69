// The current time for spinners and timers, read at each render. While `active`, the component
// is also drawn again when nothing else drew it for `intervalMs`: a streaming reply already
// redraws the live area every frame, and an extra timer frame on top would only cost CPU.
import { useEffect, useRef, useState } from 'react';

export function useNow(active: boolean, intervalMs = 200): number {
  const [, setTick] = useState(0);
  const lastRender = useRef(0);
  const now = Date.now();
  lastRender.current = now;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // A little early counts as due: timers that fire a few ms short must not skip a frame.
      if (Date.now() - lastRender.current >= intervalMs - 20) setTick((tick) => tick + 1);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function spinnerFrame(now: number): string {
  return FRAMES[Math.floor(now / 80) % FRAMES.length]!;
}
