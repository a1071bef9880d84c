"use client";
import type { ImportKind, MappingSuggestion } from "@/lib/domain/imports/schemas.ts";

/** What the mapping still lacks, in words; the dry run checks it again on the server. */
export function mappingProblems(kind: ImportKind, suggestion: MappingSuggestion, mapping: string[]): string[] {
  const problems: string[] = [];
  const used = mapping.filter(Boolean);
  const label = (value: string) => suggestion.targets.find((target) => target.value === value)?.label ?? value;
  for (const value of new Set(used.filter((target, index) => used.indexOf(target) !== index))) problems.push(`More than one column holds ${label(value)}.`);
  for (const target of suggestion.targets.filter((candidate) => candidate.required)) {
    if (!used.includes(target.value)) problems.push(`No column holds ${target.label}.`);
  }
  if (kind === "assignments") {
    const keys = used.filter((target) => target === "accountExternalId" || target === "accountId");
    if (keys.length === 0) problems.push("No column holds the account (its external id or Roster id).");
    if (!used.some((target) => target.startsWith("role:"))) problems.push("No column holds a role.");
  }
  return problems;
}

/** One select per column of the file, with the column's first value to recognise it by. */
export function MappingTable({ headers, sample, targets, mapping, onChange, disabled }: {
  headers: string[];
  sample: string[];
  targets: MappingSuggestion["targets"];
  mapping: string[];
  onChange: (mapping: string[]) => void;
  disabled: boolean;
}) {
  return (
    <div className="imp-scroll">
      <table className="data">
        <thead><tr><th>Column in the file</th><th>First row</th><th>Holds</th></tr></thead>
        <tbody>
          {headers.map((header, index) => (
            <tr key={`${index}-${header}`}>
              <td><strong>{header || <em className="muted">(no header)</em>}</strong></td>
              <td className="muted imp-sample">{sample[index] ?? ""}</td>
              <td>
                <label className="sr-only" htmlFor={`map-${index}`}>Column {header || index + 1} holds</label>
                <select
                  id={`map-${index}`} value={mapping[index] ?? ""} disabled={disabled}
                  onChange={(event) => onChange(mapping.map((target, position) => (position === index ? event.target.value : target)))}
                >
                  <option value="">Skip this column</option>
                  {targets.map((target) => (
                    <option key={target.value} value={target.value}>{target.label}{target.required ? " (required)" : ""}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
