import { Anchor, Badge, Box, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconFocusCentered, IconSparkles, IconTrash, IconUserEdit, IconUserQuestion, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Asset, AssetFaces, Box as FaceBox } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { PersonFace } from '../PersonFace';
import { VideoFrameThumb } from './VideoFrameThumb';
import { TooltipAction } from '../TooltipAction';
import type { BoxMeaning } from './boxAppearance';
import { StepCard } from './StepCard';

type Suggestion = AssetFaces['faces'][number]['suggestions'][number];

/** "Maybe Anna (87 %)" under an unknown face, with approve and reject for whoever reviews face suggestions. */
function FaceSuggestion({ suggestion: sg, onDecide }: { suggestion: Suggestion; onDecide(approve: boolean): void }) {
  const { t } = useTranslation();
  const canReview = useCan('faces:review');
  return (
    <Group gap={6} wrap="nowrap" data-testid="face-suggestion" onClick={(e) => e.stopPropagation()}>
      <IconSparkles size={14} color="var(--mantine-color-grape-6)" />
      <Text size="xs">{t('faces.maybe', { name: sg.personName ?? '?', score: Math.round(sg.score * 100) })}</Text>
      {canReview && (
        <>
          <TooltipAction
            label={t('faces.approve')}
            size="sm"
            variant="light"
            color="teal"
            onClick={() => onDecide(true)}
            aria-label={`${t('faces.approve')}: ${sg.personName ?? ''}`}
          >
            <IconCheck size={14} />
          </TooltipAction>
          <TooltipAction
            label={t('faces.reject')}
            size="sm"
            variant="light"
            color="gray"
            onClick={() => onDecide(false)}
            aria-label={`${t('faces.reject')}: ${sg.personName ?? ''}`}
          >
            <IconX size={14} />
          </TooltipAction>
        </>
      )}
    </Group>
  );
}

/** The box's colour with its mark, as drawn on the image; its meaning in words for screen readers and on hover. */
function BoxSwatch({ color, meaning }: { color: string; meaning: BoxMeaning }) {
  return (
    <Tooltip label={meaning.text}>
      <Box
        w={16}
        h={16}
        fz={11}
        fw={700}
        lh="16px"
        ta="center"
        data-testid="box-swatch"
        style={{ flex: 'none', borderRadius: 3, background: color, color: '#101113', boxShadow: 'inset 0 0 0 1px rgba(0,0,0,.25)' }}
      >
        <span aria-hidden="true">{meaning.mark}</span>
        <VisuallyHidden>{meaning.text}</VisuallyHidden>
      </Box>
    </Tooltip>
  );
}

interface BoxActions {
  onSelect(id: string): void;
  onAssign(id: string): void;
  onDelete(id: string): void;
  onDecide(suggestionId: string, approve: boolean): void;
  colorOf(b: FaceBox): string;
  meaningOf(b: FaceBox): BoxMeaning;
}

/** One box in the list: its colour and number, the person (or "unknown" with suggestions), and the edit buttons. */
function BoxRow({
  box: b,
  index,
  selected,
  editable,
  suggestions,
  onSelect,
  onAssign,
  onDelete,
  onDecide,
  colorOf,
  meaningOf,
}: { box: FaceBox; index: number; selected: boolean; editable: boolean; suggestions: Suggestion[] } & BoxActions) {
  const { t } = useTranslation();
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      px="xs"
      py={6}
      style={{
        borderRadius: 'var(--mantine-radius-md)',
        background: selected ? 'var(--mantine-color-brand-0)' : undefined,
        cursor: 'pointer',
      }}
      onClick={() => onSelect(b.id)}
      data-testid="box-row"
    >
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <BoxSwatch color={colorOf(b)} meaning={meaningOf(b)} />
        <Text size="sm" c="dimmed" w={18}>
          {index + 1}.
        </Text>
        <VideoFrameThumb box={b} />
        {b.personId ? (
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            <PersonFace personId={b.personId} name={b.personName ?? ''} size={26} />
            <Anchor component={Link} to={`/persons/${b.personId}`} size="sm" fw={500} lineClamp={1} onClick={(e) => e.stopPropagation()}>
              {b.personName}
            </Anchor>
          </Group>
        ) : (
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <IconUserQuestion size={18} color="var(--mantine-color-yellow-7)" />
              <Text size="sm" fw={500}>
                {t('boxes.unknown')}
              </Text>
              {b.source === 'detected' && (
                <Badge size="xs" variant="light" color="gray">
                  {t('faces.detected')}
                </Badge>
              )}
            </Group>
            {suggestions
              .filter((sg) => sg.status === 'pending')
              .slice(0, 2)
              .map((sg) => (
                <FaceSuggestion key={sg.id} suggestion={sg} onDecide={(approve) => onDecide(sg.id, approve)} />
              ))}
          </Stack>
        )}
      </Group>
      {editable && (
        <Group gap={2} wrap="nowrap">
          <TooltipAction
            label={b.personId ? t('personsStep.change') : t('personsStep.identify')}
            onClick={(e) => (e.stopPropagation(), onAssign(b.id))}
            data-testid="box-assign"
          >
            <IconUserEdit size={17} />
          </TooltipAction>
          <TooltipAction label={t('personsStep.remove')} color="red" onClick={(e) => (e.stopPropagation(), onDelete(b.id))} data-testid="box-delete">
            <IconTrash size={17} />
          </TooltipAction>
        </Group>
      )}
    </Group>
  );
}

/** Step 2: the persons in the file, one box each; tag them, remove boxes, decide on face suggestions. */
export function PersonsStep({
  asset,
  editable,
  selectedId,
  onAddBox,
  faces,
  ...actions
}: {
  faces: AssetFaces | undefined;
  asset: Asset;
  editable: boolean;
  selectedId: string | null;
  onAddBox(): void;
} & BoxActions) {
  const { t } = useTranslation();
  const faceOf = new Map((faces?.faces ?? []).map((f) => [f.boxId, f]));
  const needsPersons = asset.basis === 'consent';
  const done = needsPersons ? asset.boxes.length > 0 && asset.boxes.every((b) => b.personId) : asset.basis !== null;
  return (
    <StepCard
      n={2}
      title={t('personsStep.title')}
      done={done}
      testId="step-persons"
      right={
        editable && (
          <Tooltip label={t('personsStep.addBoxHelp')}>
            <Button size="compact-sm" variant="light" leftSection={<IconFocusCentered size={15} />} onClick={onAddBox}>
              {t('personsStep.addBox')}
            </Button>
          </Tooltip>
        )
      }
    >
      {!needsPersons && asset.basis !== null && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('personsStep.notNeeded')}
        </Text>
      )}
      {faces?.scan && (
        <Text size="xs" c="dimmed" mb="sm">
          {faces.scan.status === 'done'
            ? t('faces.scanned', { count: faces.scan.faces })
            : faces.scan.status === 'failed'
              ? t('faces.scanFailed')
              : t('faces.scanSkipped')}
        </Text>
      )}
      {asset.boxes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {editable ? (asset.kind === 'video' ? t('personsStep.emptyVideo') : t('personsStep.emptyEditable')) : t('personsStep.empty')}
        </Text>
      ) : (
        <Stack gap={4}>
          {asset.boxes.map((b, i) => (
            <BoxRow
              key={b.id}
              box={b}
              index={i}
              selected={selectedId === b.id}
              editable={editable}
              suggestions={faceOf.get(b.id)?.suggestions ?? []}
              {...actions}
            />
          ))}
        </Stack>
      )}
    </StepCard>
  );
}
