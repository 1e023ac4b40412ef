import { useEffect, useState } from 'react';
import { Group, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import type { Strength } from '../../../shared/passphrase';

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];
const COLORS = ['red', 'orange', 'yellow', 'teal', 'green'];

type Estimator = (p: string) => Strength;
let estimatorPromise: Promise<Estimator> | null = null;
/** The strength estimator carries large dictionaries: load it only when a passphrase is typed. */
function loadEstimator(): Promise<Estimator> {
  estimatorPromise ??= import('../../../shared/passphrase').then((m) => m.passphraseStrength);
  return estimatorPromise;
}

/** A new passphrase with its strength meter and the reason it would be refused. */
export function PassphraseField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onStrength?: (s: Strength | null) => void;
  autoFocus?: boolean;
}) {
  const { label, value, onChange, onStrength, autoFocus } = props;
  const [strength, setStrength] = useState<Strength | null>(null);

  useEffect(() => {
    let live = true;
    if (!value) {
      setStrength(null);
      onStrength?.(null);
      return;
    }
    void loadEstimator().then((estimate) => {
      if (!live) return;
      const s = estimate(value);
      setStrength(s);
      onStrength?.(s);
    });
    return () => {
      live = false;
    };
  }, [value, onStrength]);

  const score = strength?.score ?? 0;
  return (
    <Stack gap={6}>
      <PasswordInput
        label={label}
        description="A few unrelated words make a strong passphrase that is easy to remember."
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autoComplete="new-password"
        autoFocus={autoFocus}
        required
      />
      <Progress.Root size="sm">
        <Progress.Section
          value={value ? ((score + 1) / 5) * 100 : 0}
          color={COLORS[score]}
          aria-label="Passphrase strength"
          aria-valuetext={strength ? LABELS[score] : 'Empty'}
        />
      </Progress.Root>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c={strength && !strength.acceptable ? 'red.8' : 'dimmed'} aria-live="polite">
          {strength ? (strength.acceptable ? 'Good: this passphrase will do.' : strength.reason) : ' '}
        </Text>
        <Text size="xs" c="dimmed">
          {strength ? LABELS[score] : ''}
        </Text>
      </Group>
    </Stack>
  );
}

/**
 * A new passphrase typed twice, with the strength meter: the fields, the value, and whether it
 * may be submitted (strong enough and repeated the same).
 */
export function useNewPassphrase(labels: { label: string; repeat: string; autoFocus?: boolean }) {
  const [value, setValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const [strength, setStrength] = useState<Strength | null>(null);
  const mismatch = repeat.length > 0 && repeat !== value;
  const fields = (
    <>
      <PassphraseField label={labels.label} value={value} onChange={setValue} onStrength={setStrength} autoFocus={labels.autoFocus} />
      <PasswordInput
        label={labels.repeat}
        value={repeat}
        onChange={(e) => setRepeat(e.currentTarget.value)}
        error={mismatch ? 'The two passphrases differ.' : undefined}
        autoComplete="new-password"
        required
      />
    </>
  );
  return {
    value,
    ready: !!strength?.acceptable && repeat === value,
    fields,
    reset: () => {
      setValue('');
      setRepeat('');
    },
  };
}
