import { useId, useState } from "react";
import { enumValues, initialValue, type JsonSchema, kindOf, unwrapNullable } from "./schema.js";

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Dotted path from the input's root, as zod's issues name it ("" for the root). */
  path: string;
  /** Zod's messages by path. */
  issues: ReadonlyMap<string, string[]>;
  label?: string;
  required?: boolean;
}

/** One value of the task's input, with the control its schema calls for and zod's issues beside it. */
export function SchemaField(props: FieldProps) {
  const { schema: inner, nullable } = unwrapNullable(props.schema);
  const kind = kindOf(inner);
  const id = useId();
  const messages = props.issues.get(props.path) ?? [];
  const errorId = `${id}-error`;
  const describedBy = messages.length > 0 ? errorId : undefined;
  const control = (() => {
    const common = {
      id,
      "aria-invalid": messages.length > 0 || undefined,
      "aria-describedby": describedBy,
      "aria-required": props.required || undefined,
    };
    switch (kind) {
      case "object":
        return <ObjectFields {...props} schema={inner} />;
      case "array":
        return <ArrayItems {...props} schema={inner} />;
      case "enum":
        return (
          <select
            {...common}
            value={JSON.stringify(props.value ?? null)}
            onChange={(event) => props.onChange(choose(event.target.value))}
          >
            {!props.required || nullable ? <option value="null">—</option> : null}
            {props.value === undefined && props.required ? <option value="null">Choose…</option> : null}
            {enumValues(inner).map((option) => (
              <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
                {String(option)}
              </option>
            ))}
          </select>
        );
      case "boolean":
        return (
          <input
            {...common}
            type="checkbox"
            checked={props.value === true}
            onChange={(event) => props.onChange(event.target.checked)}
          />
        );
      case "number":
      case "integer":
        return (
          <input
            {...common}
            type="number"
            step={kind === "integer" ? 1 : "any"}
            value={typeof props.value === "number" ? props.value : ""}
            onChange={(event) =>
              props.onChange(event.target.value === "" ? undefined : Number(event.target.value))
            }
          />
        );
      case "date":
        return (
          <input
            {...common}
            type="datetime-local"
            step={1}
            value={props.value instanceof Date ? toLocalInput(props.value) : ""}
            onChange={(event) =>
              props.onChange(event.target.value === "" ? undefined : new Date(event.target.value))
            }
          />
        );
      case "string":
        return (
          <input
            {...common}
            type="text"
            value={typeof props.value === "string" ? props.value : ""}
            placeholder={inner.format ? inner.format : undefined}
            onChange={(event) =>
              props.onChange(event.target.value === "" && !props.required ? undefined : event.target.value)
            }
          />
        );
      default:
        return <JsonBox {...props} id={id} describedBy={describedBy} />;
    }
  })();

  const grouped = kind === "object" || kind === "array";
  const Wrapper = grouped ? "fieldset" : "div";
  return (
    <Wrapper className={`field field-${kind}`} data-path={props.path}>
      {props.label !== undefined ? (
        grouped ? (
          <legend>
            {props.label}
            {props.required ? (
              <span className="required" aria-hidden="true">
                *
              </span>
            ) : null}
          </legend>
        ) : (
          <label htmlFor={id}>
            {props.label}
            {props.required ? (
              <span className="required" aria-hidden="true">
                *
              </span>
            ) : null}
            <span className="field-type" aria-hidden="true">
              {kind === "json" ? "JSON" : kind}
            </span>
          </label>
        )
      ) : null}
      {inner.description ? <p className="field-help">{inner.description}</p> : null}
      {control}
      {messages.length > 0 ? (
        <p className="field-error" id={errorId} role="alert">
          {messages.join("; ")}
        </p>
      ) : null}
    </Wrapper>
  );
}

function choose(raw: string): unknown {
  return raw === "null" ? undefined : JSON.parse(raw);
}

function ObjectFields(props: FieldProps) {
  const value = (props.value && typeof props.value === "object" ? props.value : {}) as Record<
    string,
    unknown
  >;
  const required = new Set(props.schema.required ?? []);
  return (
    <div className="object-fields">
      {Object.entries(props.schema.properties ?? {}).map(([key, property]) => (
        <SchemaField
          key={key}
          schema={property}
          value={value[key]}
          label={key}
          required={required.has(key)}
          path={props.path ? `${props.path}.${key}` : key}
          issues={props.issues}
          onChange={(next) => {
            const copy = { ...value };
            if (next === undefined) delete copy[key];
            else copy[key] = next;
            props.onChange(copy);
          }}
        />
      ))}
    </div>
  );
}

function ArrayItems(props: FieldProps) {
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = props.schema.items ?? {};
  const emptyItem = () => {
    const start = initialValue(itemSchema);
    if (start !== undefined) return start;
    const kind = kindOf(unwrapNullable(itemSchema).schema);
    return kind === "string" ? "" : kind === "boolean" ? false : undefined;
  };
  return (
    <div className="array-items">
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place; their position is their identity
        <div className="array-item" key={index}>
          <SchemaField
            schema={itemSchema}
            value={item}
            label={`${index + 1}`}
            required
            path={props.path ? `${props.path}.${index}` : String(index)}
            issues={props.issues}
            onChange={(next) => props.onChange(items.map((old, at) => (at === index ? next : old)))}
          />
          <button
            type="button"
            className="button small ghost"
            aria-label={`Remove item ${index + 1}`}
            onClick={() => props.onChange(items.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => props.onChange([...items, emptyItem()])}>
        Add item
      </button>
    </div>
  );
}

/** Any value as JSON text, for what the form has no control for. */
function JsonBox(props: FieldProps & { id: string; describedBy: string | undefined }) {
  const [text, setText] = useState(() =>
    props.value === undefined ? "" : JSON.stringify(props.value, null, 2),
  );
  const [invalid, setInvalid] = useState(false);
  return (
    <>
      <textarea
        id={props.id}
        className="mono"
        rows={3}
        value={text}
        aria-describedby={props.describedBy}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() === "") {
            setInvalid(false);
            return props.onChange(undefined);
          }
          try {
            props.onChange(JSON.parse(event.target.value));
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
      {invalid ? <p className="field-error">Not valid JSON yet.</p> : null}
    </>
  );
}

/** A Date as the value of <input type="datetime-local">, in the viewer's time zone. */
function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}
