import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, FileInput, Group, Image, Loader, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { LETTER_FONTS, MAX_IMAGE_BYTES, type Letterhead, type LetterFontId, type PaperSize } from '../../../../shared/letters';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { letterheadKey } from './templateOptions';

/** A picked PNG or JPEG as base64 (no data: prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('The image could not be read.'));
    r.readAsDataURL(file);
  });
}

/** undefined: unchanged; null: removed; string: new image. */
type ImageEdit = { data: string | null; preview: string | null } | undefined;

function ImageField(props: { label: string; current: Letterhead['logo']; edit: ImageEdit; onEdit: (e: ImageEdit) => void; onError: (m: string) => void }) {
  const shown = props.edit !== undefined ? props.edit.preview : props.current ? `data:${props.current.mime};base64,${props.current.data}` : null;
  return (
    <Stack gap={4}>
      <FileInput
        label={props.label}
        description="PNG or JPEG, at most 1 MB."
        placeholder="Choose an image"
        accept="image/png,image/jpeg"
        clearable
        onChange={(file) => {
          if (!file) return;
          if (!['image/png', 'image/jpeg'].includes(file.type)) return props.onError('Choose a PNG or JPEG image.');
          if (file.size > MAX_IMAGE_BYTES) return props.onError('The image is larger than 1 MB.');
          readBase64(file).then(
            (data) => props.onEdit({ data, preview: `data:${file.type};base64,${data}` }),
            (e: Error) => props.onError(e.message),
          );
        }}
      />
      {shown ? (
        <Group>
          <Image src={shown} alt={`${props.label} as it will appear`} mah={64} w="auto" fit="contain" />
          <Button size="xs" variant="subtle" color="red" onClick={() => props.onEdit({ data: null, preview: null })}>
            Remove {props.label.toLowerCase()}
          </Button>
        </Group>
      ) : (
        <Text size="xs">No {props.label.toLowerCase()}.</Text>
      )}
    </Stack>
  );
}

function LetterheadForm(props: { letterhead: Letterhead }) {
  const lh = props.letterhead;
  const queryClient = useQueryClient();
  const [senderName, setSenderName] = useState(lh.senderName);
  const [senderTitle, setSenderTitle] = useState(lh.senderTitle);
  const [firm, setFirm] = useState(lh.firm);
  const [address, setAddress] = useState(lh.addressLines.join('\n'));
  const [email, setEmail] = useState(lh.email);
  const [phone, setPhone] = useState(lh.phone);
  const [paper, setPaper] = useState<PaperSize>(lh.paper);
  const [font, setFont] = useState<LetterFontId>(lh.font);
  const [logo, setLogo] = useState<ImageEdit>(undefined);
  const [signature, setSignature] = useState<ImageEdit>(undefined);
  const [imageError, setImageError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      call('letters.updateLetterhead', {
        senderName,
        senderTitle,
        firm,
        addressLines: address.split('\n').map((l) => l.trim()).filter(Boolean),
        email: email.trim(),
        phone,
        paper,
        font,
        ...(logo !== undefined ? { logo: logo.data } : {}),
        ...(signature !== undefined ? { signature: signature.data } : {}),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(letterheadKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['letters', 'preview'] });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setImageError(null);
        save.mutate();
      }}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Your name" value={senderName} onChange={(e) => setSenderName(e.currentTarget.value)} />
          <TextInput label="Your title" placeholder="Account Director" value={senderTitle} onChange={(e) => setSenderTitle(e.currentTarget.value)} />
          <TextInput label="Firm" value={firm} onChange={(e) => setFirm(e.currentTarget.value)} />
          <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
        </SimpleGrid>
        <Textarea
          label="Address"
          description="One line per row, at most six."
          autosize
          minRows={3}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Paper size"
            data={[
              { value: 'a4', label: 'A4' },
              { value: 'letter', label: 'US Letter' },
            ]}
            value={paper}
            onChange={(v) => v && setPaper(v as PaperSize)}
            allowDeselect={false}
          />
          <Select
            label="Font"
            data={LETTER_FONTS.map((f) => ({ value: f.id, label: f.label }))}
            value={font}
            onChange={(v) => v && setFont(v as LetterFontId)}
            allowDeselect={false}
          />
          <ImageField label="Logo" current={lh.logo} edit={logo} onEdit={setLogo} onError={setImageError} />
          <ImageField label="Signature" current={lh.signature} edit={signature} onEdit={setSignature} onError={setImageError} />
        </SimpleGrid>
        <ErrorAlert message={imageError ?? (save.error ? messageOf(save.error) : null)} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save letterhead
          </Button>
          {save.isSuccess && (
            <Group gap={4} c="teal.9" role="status">
              <IconCheck size={16} aria-hidden />
              <Text size="sm">Saved</Text>
            </Group>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** The letterhead every letter carries: who sends it, the firm, paper, font, logo and signature. */
export function LetterheadTab() {
  const letterhead = useQuery({ queryKey: letterheadKey, queryFn: () => call('letters.letterhead', {}) });
  return (
    <Paper withBorder p="md" component="section" aria-label="Letterhead" maw={900}>
      {letterhead.isPending && <Loader aria-label="Loading the letterhead" />}
      <ErrorAlert message={letterhead.error ? messageOf(letterhead.error) : null} />
      {letterhead.data && <LetterheadForm key={letterhead.data.version} letterhead={letterhead.data} />}
    </Paper>
  );
}
