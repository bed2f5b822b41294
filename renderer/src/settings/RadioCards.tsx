import type { ReactNode } from 'react';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  description?: ReactNode;
  extra?: ReactNode;
}

/** A radio group drawn as selectable cards (a real fieldset of radio inputs). */
export function RadioCards<T extends string>(props: {
  name: string;
  legend: string;
  value: T;
  options: RadioOption<T>[];
  onChange: (value: T) => void;
  compact?: boolean;
}) {
  return (
    <fieldset className={`radio-cards ${props.compact ? 'compact' : ''}`}>
      <legend className="field-label">{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className={`radio-card ${o.value === props.value ? 'selected' : ''}`}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={o.value === props.value}
            onChange={() => props.onChange(o.value)}
          />
          <span className="radio-card-text">
            <span className="radio-card-label">{o.label}</span>
            {o.description && <span className="radio-card-desc">{o.description}</span>}
            {o.extra}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
