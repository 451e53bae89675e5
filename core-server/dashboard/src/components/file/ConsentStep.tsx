import { Alert, Anchor, Badge, Button, Divider, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconInfoCircle, IconPlus, IconX } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Agreement, type Asset, type Person, type StatusReason } from '../../lib/api';
import { coverage, isSatisfied } from '../../lib/coverage';
import { useCan } from '../../lib/auth';
import { settingsQuery } from '../../lib/channel';
import { formatDate } from '../../lib/format';
import { PersonFace } from '../PersonFace';
import { StepCard } from './StepCard';

export interface PersonFacts {
  person?: Person;
  agreements?: Agreement[];
  /** The organisation's age of consent, which decides whose signature counts. */
  adultAge: number;
}

/** The persons tagged in a file, with their agreements: what step 3 and the box colours are computed from. */
export function usePersonFacts(asset: Asset | undefined): Map<string, PersonFacts> {
  const ids = [...new Set((asset?.boxes ?? []).flatMap((b) => (b.personId ? [b.personId] : [])))];
  const persons = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['persons', 'detail', id],
      queryFn: () => unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id } } })),
      staleTime: 30_000,
    })),
  });
  const agreements = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['persons', 'agreements', id],
      queryFn: () => unwrap(api.GET('/api/v1/persons/{id}/agreements', { params: { path: { id } } })),
      staleTime: 30_000,
    })),
  });
  const adultAge = useQuery(settingsQuery).data?.adultAge ?? 18;
  return new Map(ids.map((id, i) => [id, { person: persons[i]?.data, agreements: agreements[i]?.data?.items, adultAge }]));
}

/** Step 3: per person, the agreement that covers each channel, or what is missing. */
export function ConsentStep({ asset, facts }: { asset: Asset; facts: Map<string, PersonFacts> }) {
  const { t } = useTranslation();
  const canWritePersons = useCan('persons:write');
  const personIds = [...facts.keys()];
  const unknown = asset.boxes.filter((b) => !b.personId).length;
  const agreementById = new Map<string, Agreement>();
  for (const f of facts.values()) for (const a of f.agreements ?? []) agreementById.set(a.id, a);
  const nameOf = (id: string) => asset.boxes.find((b) => b.personId === id)?.personName ?? '?';

  const needsConsent = asset.basis === 'consent';
  const done = needsConsent && asset.statuses.every((s) => s.approved);

  const describe = (reason: StatusReason): string => {
    if (reason.code === 'consent_valid' && reason.agreementId) {
      const a = agreementById.get(reason.agreementId);
      const kind = a ? t(`agreementKind.${a.kind}`) : t('consentStep.agreement');
      return reason.until ? t('consentStep.coveredUntil', { kind, date: formatDate(reason.until) }) : t('consentStep.coveredOpen', { kind });
    }
    return t(`reasonsShort.${reason.code}`, { date: formatDate(reason.until ?? null) });
  };

  return (
    <StepCard n={3} title={t('consentStep.title')} done={done} testId="step-consent">
      {!needsConsent ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
          {asset.basis ? t('consentStep.notNeeded', { basis: t(`basis.${asset.basis}.title`) }) : t('consentStep.basisFirst')}
        </Alert>
      ) : personIds.length === 0 && unknown === 0 ? (
        <Text size="sm" c="dimmed">
          {t('consentStep.noPersons')}
        </Text>
      ) : (
        <Stack gap="md">
          {personIds.map((pid, i) => {
            const f = facts.get(pid)!;
            // Group the channels by the outcome for this person, e.g. "web, print: written agreement until …".
            const groups = new Map<string, { reason: StatusReason; channels: string[] }>();
            for (const s of asset.statuses) {
              const reason = coverage(asset, s.channel, pid, f.person, f.agreements, f.adultAge);
              if (!reason) continue;
              const key = `${reason.code}:${reason.agreementId ?? ''}`;
              const g = groups.get(key) ?? { reason, channels: [] };
              g.channels.push(s.channel);
              groups.set(key, g);
            }
            const ok = [...groups.values()].every((g) => isSatisfied(g.reason));
            return (
              <Fragment key={pid}>
                {i > 0 && <Divider />}
                <div data-testid="consent-person" data-person-id={pid} data-ok={ok}>
                  <Group justify="space-between" wrap="nowrap" mb={6}>
                    <Group gap="sm" wrap="nowrap">
                      <PersonFace personId={pid} name={nameOf(pid)} size={32} />
                      <Anchor component={Link} to={`/persons/${pid}`} fw={600} size="sm">
                        {nameOf(pid)}
                      </Anchor>
                      {f.person?.minor && (
                        <Badge size="xs" variant="light" color="blue">
                          {t('persons.minor')}
                        </Badge>
                      )}
                    </Group>
                    {!ok && canWritePersons && (
                      <Button component={Link} to={`/persons/${pid}?agreement=new`} size="compact-xs" variant="light" leftSection={<IconPlus size={14} />}>
                        {t('consentStep.addAgreement')}
                      </Button>
                    )}
                  </Group>
                  {groups.size === 0 ? (
                    <Text size="sm" c="dimmed" pl={42}>
                      …
                    </Text>
                  ) : (
                    <Stack gap={6} pl={42}>
                      {[...groups.values()].map((g) => {
                        const good = isSatisfied(g.reason);
                        return (
                          <Group key={`${g.reason.code}:${g.reason.agreementId ?? ''}`} gap={8} wrap="nowrap" align="flex-start">
                            <ThemeIcon size={18} radius="xl" color={good ? 'teal' : 'red'} variant="light" mt={1}>
                              {good ? <IconCheck size={12} stroke={3} /> : <IconX size={12} stroke={3} />}
                            </ThemeIcon>
                            <div>
                              <Group gap={4}>
                                {g.channels.map((c) => (
                                  <Badge key={c} size="xs" variant="outline" color="gray">
                                    {c}
                                  </Badge>
                                ))}
                              </Group>
                              <Text size="sm" mt={2}>
                                {describe(g.reason)}
                              </Text>
                            </div>
                          </Group>
                        );
                      })}
                    </Stack>
                  )}
                </div>
              </Fragment>
            );
          })}
          {unknown > 0 && (
            <Alert variant="light" color="yellow" icon={<IconAlertTriangle size={18} />}>
              {t('consentStep.unknown', { count: unknown })}
            </Alert>
          )}
        </Stack>
      )}
    </StepCard>
  );
}
