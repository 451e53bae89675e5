import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Box } from '../lib/api';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const MIN = 0.02;
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** Keeps a rectangle inside the unit square with a minimum size. */
export function fitRect(r: Rect): Rect {
  const w = clamp(r.w, MIN, 1);
  const h = clamp(r.h, MIN, 1);
  return { x: clamp(r.x, 0, 1 - w), y: clamp(r.y, 0, 1 - h), w, h };
}

type Gesture =
  | { kind: 'draw'; x0: number; y0: number; pointerId: number }
  | { kind: 'move' | 'resize'; boxId: string; start: Rect; px: number; py: number; pointerId: number; moved: boolean };

export interface BoxEditorProps {
  src: string;
  alt: string;
  /** Natural aspect ratio (width / height), to reserve the space before the image loads. */
  aspect: number;
  boxes: Box[];
  editable: boolean;
  selectedId: string | null;
  onSelect(id: string | null): void;
  /** A box was drawn. */
  onDraw(rect: Rect): void;
  /** A box was moved or resized (committed at the end of a drag, or after keyboard moves settle). */
  onChange(id: string, rect: Rect): void;
  onDelete(id: string): void;
  /** Enter on a box: e.g. choose its person. */
  onActivate(id: string): void;
  colorOf(box: Box): string;
  labelOf(box: Box): string;
  /** The mark drawn with the colour and what both mean in words (colour alone must not carry meaning). */
  meaningOf?(box: Box): { mark: string; text: string };
  /** A drawn rectangle waiting for its person. */
  draft?: Rect | null;
}

/**
 * The image with its face boxes. Draw a box by dragging on the image; drag a box to move it, its corner to resize it.
 * Keyboard: Tab to a box; arrows move it (Shift: faster), Alt+arrows resize it, Enter chooses the person, Delete removes it.
 */
export function BoxEditor(props: BoxEditorProps) {
  const { t } = useTranslation();
  const { src, alt, aspect, boxes, editable, selectedId, onSelect, onDraw, onChange, onDelete, onActivate, colorOf, labelOf, meaningOf } = props;
  const stage = useRef<HTMLDivElement>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [drawing, setDrawing] = useState<Rect | null>(null);
  // Positions changed here but not yet confirmed by the server.
  const [overrides, setOverrides] = useState<Record<string, Rect>>({});
  const keyTimers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});

  // Drop an override once the server's box matches it (or the box is gone).
  useEffect(() => {
    setOverrides((o) => {
      const next: Record<string, Rect> = {};
      for (const [id, r] of Object.entries(o)) {
        const b = boxes.find((x) => x.id === id);
        if (b && (Math.abs(b.x - r.x) > 1e-6 || Math.abs(b.y - r.y) > 1e-6 || Math.abs(b.w - r.w) > 1e-6 || Math.abs(b.h - r.h) > 1e-6)) next[id] = r;
      }
      return Object.keys(next).length === Object.keys(o).length ? o : next;
    });
  }, [boxes]);

  const rectOf = (b: Box): Rect => overrides[b.id] ?? { x: b.x, y: b.y, w: b.w, h: b.h };
  const point = (e: PointerEvent) => {
    const r = stage.current!.getBoundingClientRect();
    return { x: clamp((e.clientX - r.left) / r.width, 0, 1), y: clamp((e.clientY - r.top) / r.height, 0, 1) };
  };

  const onStageDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    onSelect(null);
    if (!editable) return;
    const p = point(e);
    stage.current!.setPointerCapture(e.pointerId);
    setGesture({ kind: 'draw', x0: p.x, y0: p.y, pointerId: e.pointerId });
    setDrawing({ x: p.x, y: p.y, w: 0, h: 0 });
    e.preventDefault();
  };

  const onBoxDown = (e: PointerEvent<HTMLDivElement>, b: Box, kind: 'move' | 'resize') => {
    if (e.button !== 0) return;
    e.stopPropagation();
    onSelect(b.id);
    if (!editable) return;
    const p = point(e);
    stage.current!.setPointerCapture(e.pointerId);
    setGesture({ kind, boxId: b.id, start: rectOf(b), px: p.x, py: p.y, pointerId: e.pointerId, moved: false });
    e.preventDefault();
  };

  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!gesture || e.pointerId !== gesture.pointerId) return;
    const p = point(e);
    if (gesture.kind === 'draw') {
      setDrawing({ x: Math.min(gesture.x0, p.x), y: Math.min(gesture.y0, p.y), w: Math.abs(p.x - gesture.x0), h: Math.abs(p.y - gesture.y0) });
      return;
    }
    const dx = p.x - gesture.px;
    const dy = p.y - gesture.py;
    const s = gesture.start;
    const next =
      gesture.kind === 'move'
        ? { ...s, x: clamp(s.x + dx, 0, 1 - s.w), y: clamp(s.y + dy, 0, 1 - s.h) }
        : { ...s, w: clamp(s.w + dx, MIN, 1 - s.x), h: clamp(s.h + dy, MIN, 1 - s.y) };
    if (!gesture.moved && Math.abs(dx) + Math.abs(dy) > 0.002) setGesture({ ...gesture, moved: true });
    setOverrides((o) => ({ ...o, [gesture.boxId]: next }));
  };

  const onUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!gesture || e.pointerId !== gesture.pointerId) return;
    stage.current?.releasePointerCapture(e.pointerId);
    if (gesture.kind === 'draw') {
      if (drawing && drawing.w >= MIN && drawing.h >= MIN) onDraw(fitRect(drawing));
      setDrawing(null);
    } else if (gesture.moved && overrides[gesture.boxId]) {
      onChange(gesture.boxId, fitRect(overrides[gesture.boxId]!));
    }
    setGesture(null);
  };

  const onBoxKey = (e: KeyboardEvent<HTMLDivElement>, b: Box) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(b.id);
      return;
    }
    if (!editable) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onDelete(b.id);
      return;
    }
    const step = e.shiftKey ? 0.05 : 0.01;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    if (!d) return;
    e.preventDefault();
    const r = rectOf(b);
    const next = e.altKey
      ? fitRect({ ...r, w: Math.min(r.w + d[0]!, 1 - r.x), h: Math.min(r.h + d[1]!, 1 - r.y) })
      : fitRect({ ...r, x: r.x + d[0]!, y: r.y + d[1]! });
    setOverrides((o) => ({ ...o, [b.id]: next }));
    // Commit once the keys settle, not on every press (each change is audited and re-evaluated).
    clearTimeout(keyTimers.current[b.id]);
    keyTimers.current[b.id] = setTimeout(() => onChange(b.id, next), 600);
  };

  const pct = (v: number) => `${v * 100}%`;
  const shown = drawing ?? props.draft ?? null;
  return (
    <div
      ref={stage}
      className="lk-stage"
      data-drawable={editable}
      data-testid="box-stage"
      style={{ aspectRatio: String(aspect), ['--lk-aspect' as string]: String(aspect) }}
      onPointerDown={onStageDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      <img src={src} alt={alt} draggable={false} />
      {boxes.map((b, i) => {
        const r = rectOf(b);
        const color = colorOf(b);
        const meaning = meaningOf?.(b);
        return (
          <div
            key={b.id}
            className="lk-box"
            role="button"
            tabIndex={0}
            aria-label={
              t('boxes.boxLabel', { n: i + 1, name: labelOf(b) }) + (meaning ? `, ${meaning.text}` : '') + (editable ? `. ${t('boxes.keyboardHelp')}` : '')
            }
            aria-pressed={selectedId === b.id}
            data-selected={selectedId === b.id}
            data-editable={editable}
            data-label-below={r.y < 0.08}
            data-testid="face-box"
            data-person-id={b.personId ?? ''}
            style={{ left: pct(r.x), top: pct(r.y), width: pct(r.w), height: pct(r.h), ['--lk-box-color' as string]: color }}
            onPointerDown={(e) => onBoxDown(e, b, 'move')}
            onFocus={() => onSelect(b.id)}
            onKeyDown={(e) => onBoxKey(e, b)}
          >
            <span className="lk-box-label">
              {i + 1}. {meaning && <span aria-hidden="true">{meaning.mark} </span>}
              {labelOf(b)}
            </span>
            {editable && selectedId === b.id && <div className="lk-handle" onPointerDown={(e) => onBoxDown(e, b, 'resize')} aria-hidden="true" />}
          </div>
        );
      })}
      {shown && <div className="lk-draft" style={{ left: pct(shown.x), top: pct(shown.y), width: pct(shown.w), height: pct(shown.h) }} />}
    </div>
  );
}
