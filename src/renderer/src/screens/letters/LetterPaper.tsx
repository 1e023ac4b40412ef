import type { ReactNode } from 'react';
import { Box, List, Paper, Stack, Text } from '@mantine/core';
import { LETTER_FONTS, type LetterPreview, type LetterRun } from '../../../../shared/letters';
import { fieldLabel } from './templateOptions';

function Runs(props: { runs: LetterRun[] }) {
  return (
    <>
      {props.runs.map((r, i) => {
        if (r.missing) {
          const label = r.field ? fieldLabel(r.field) : 'a field';
          return (
            <mark key={i} aria-label={`Missing: ${label}`} style={{ padding: '0 2px', borderRadius: 2 }}>
              {r.text || `[${label}]`}
            </mark>
          );
        }
        let node: ReactNode = r.text;
        if (r.italic) node = <em>{node}</em>;
        if (r.bold) node = <strong>{node}</strong>;
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

function Lines(props: { lines: LetterRun[][] }) {
  return (
    <>
      {props.lines.map((line, i) => (
        <span key={i}>
          {i > 0 && <br />}
          <Runs runs={line} />
        </span>
      ))}
    </>
  );
}

/** The letter as it will look on paper: date, recipient, subject, body, sign-off; gaps highlighted. */
export function LetterPaper(props: { preview: LetterPreview }) {
  const p = props.preview;
  const family = LETTER_FONTS.find((f) => f.id === p.font)?.family ?? 'serif';
  return (
    <Paper
      withBorder
      shadow="sm"
      p={48}
      role="document"
      aria-label="Letter preview"
      style={{
        fontFamily: `"${family}", Georgia, serif`,
        background: 'white',
        color: '#1a1a1a',
        maxWidth: p.paper === 'a4' ? 794 : 816,
        minHeight: 600,
        aspectRatio: p.paper === 'a4' ? '210 / 297' : '8.5 / 11',
        height: 'auto',
      }}
    >
      <Stack gap="md" style={{ fontSize: 15, lineHeight: 1.55 }}>
        <Text ta="right" inherit>
          {p.date}
        </Text>
        <Box>
          {p.recipient.map((line, i) => (
            <Text key={i} inherit>
              {line}
            </Text>
          ))}
        </Box>
        <Text fw={700} inherit>
          <Runs runs={p.subjectRuns} />
        </Text>
        {p.blocks.map((b, i) => {
          const omitted = b.omitted ? { color: '#495057', textDecoration: 'line-through' } : undefined;
          const note = b.omitted ? (
            <Text span size="xs" c="gray.7" ml="xs" style={{ textDecoration: 'none', fontFamily: 'var(--mantine-font-family)' }}>
              (left out: no value)
            </Text>
          ) : null;
          return b.type === 'paragraph' ? (
            <Text key={i} inherit style={omitted}>
              <Lines lines={b.lines} />
              {note}
            </Text>
          ) : (
            <Box key={i} style={omitted}>
              <List withPadding style={{ fontSize: 'inherit' }}>
                {b.items.map((item, j) => (
                  <List.Item key={j}>
                    <Runs runs={item} />
                  </List.Item>
                ))}
              </List>
              {note}
            </Box>
          );
        })}
        <Box mt="lg">
          <Text inherit>{p.signOff.name}</Text>
          {p.signOff.title && <Text inherit>{p.signOff.title}</Text>}
          {p.signOff.firm && <Text inherit>{p.signOff.firm}</Text>}
        </Box>
      </Stack>
    </Paper>
  );
}
