import { Button, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { settingsQuery } from '../../lib/channel';
import { notifyError } from '../../lib/errors';
import { FormActions, FormModal } from '../FormModal';
import { PersonPicker } from '../PersonPicker';

/**
 * "Who is this?": tag a box with a person from the register, a new person, or leave them unknown for now.
 */
export function AssignModal({
  opened,
  onClose,
  initialPersonId,
  exclude,
  onAssign,
  allowUnknown = true,
}: {
  opened: boolean;
  onClose(): void;
  initialPersonId: string | null;
  exclude: string[];
  onAssign(personId: string | null): Promise<unknown>;
  allowUnknown?: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canCreate = useCan('persons:write');
  const settings = useQuery(settingsQuery);
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [personId, setPersonId] = useState<string | null>(initialPersonId);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<'save' | 'unknown' | null>(null);
  useEffect(() => {
    if (opened) {
      setMode('existing');
      setPersonId(initialPersonId);
      setName('');
    }
  }, [opened, initialPersonId]);

  const pseudonymous = settings.data?.pseudonymousIds ?? false;
  const canSave = mode === 'existing' ? personId !== null : name.trim() !== '' || pseudonymous;

  const run = async (kind: 'save' | 'unknown') => {
    setBusy(kind);
    try {
      let id: string | null = null;
      if (kind === 'save') {
        if (mode === 'new') {
          const created = await unwrap(api.POST('/api/v1/persons', { body: { name: name.trim() || null } }));
          void queryClient.invalidateQueries({ queryKey: ['persons'] });
          id = created.id;
        } else id = personId;
      }
      await onAssign(id);
      onClose();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t('assign.title')}
      size="md"
      onSubmit={() => {
        if (canSave) void run('save');
      }}
    >
      <Stack gap="md">
        {canCreate && (
          <SegmentedControl
            fullWidth
            value={mode}
            onChange={(v) => setMode(v as 'existing' | 'new')}
            data={[
              { value: 'existing', label: t('assign.existing') },
              { value: 'new', label: t('assign.new') },
            ]}
            data-testid="assign-mode"
          />
        )}
        {mode === 'existing' ? (
          <PersonPicker
            label={t('assign.person')}
            value={personId}
            onChange={(id) => setPersonId(id)}
            exclude={exclude}
            data-autofocus
            data-testid="assign-person"
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <TextInput
            label={t('assign.name')}
            description={pseudonymous ? t('assign.pseudonymousHint') : t('assign.newHint')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
            data-testid="assign-new-name"
          />
        )}
        <FormActions
          secondary={
            allowUnknown ? (
              <Button variant="subtle" color="gray" onClick={() => void run('unknown')} loading={busy === 'unknown'} data-testid="assign-unknown">
                {t('assign.unknown')}
              </Button>
            ) : (
              <span />
            )
          }
          onCancel={onClose}
          submit={t('assign.save')}
          disabled={!canSave}
          loading={busy === 'save'}
          data-testid="assign-save"
          mt="xs"
        />
      </Stack>
    </FormModal>
  );
}
