import { useEffect, useRef } from 'react';

/**
 * A box to sign in with a finger, pen or mouse (pointer events). Reports the drawing as a PNG data
 * URL after each stroke, or null once cleared. The canvas is drawn at twice its CSS size, so a
 * signature prints sharp on the registration card.
 */
export function SignaturePad({ label, clearLabel, onChange }: { label: string; clearLabel: string; onChange(png: string | null): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.lineWidth = 5;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#10213f';
  }, []);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * event.currentTarget.width, ((event.clientY - box.top) / box.height) * event.currentTarget.height] as const;
  };
  const down = (event: React.PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = true;
    const context = event.currentTarget.getContext('2d')!;
    context.beginPath();
    context.moveTo(...point(event));
  };
  const move = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const context = event.currentTarget.getContext('2d')!;
    context.lineTo(...point(event));
    context.stroke();
  };
  const up = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = false;
    onChange(event.currentTarget.toDataURL('image/png'));
  };
  const clear = () => {
    const element = canvas.current;
    element?.getContext('2d')?.clearRect(0, 0, element.width, element.height);
    onChange(null);
  };

  return (
    <div className="signature">
      <canvas
        ref={canvas}
        width={1200}
        height={400}
        role="img"
        aria-label={label}
        className="signature-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <p className="hint">{label}</p>
      <button type="button" className="button secondary" onClick={clear}>
        {clearLabel}
      </button>
    </div>
  );
}
