import {
  IdParams,
  SurveyAnswerBody,
  SurveyQuestion,
  SurveyReceipt,
  SurveySettings,
  SurveySettingsPatch,
} from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { SurveyService } from './survey.service.ts';

export function surveyRoutes(app: App, survey: SurveyService): void {
  const tags = ['survey'];
  app.get(
    '/api/tickets/:id/survey',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'Whether the ticket’s phone page asks how the visit went',
        description:
          '`ask` is true once the visit has ended with service, while the office asks on phone pages, for 48 hours, until the visit is answered (here or on its counter’s feedback tablet). It says nothing of an answer.',
        params: IdParams,
        response: ok(SurveyQuestion),
      },
    },
    (req) => survey.question(req.params.id),
  );
  app.put(
    '/api/tickets/:id/survey',
    {
      config: { access: ['public'] },
      // Anyone holding the ticket answers from its phone page, and a feedback tablet with its token;
      // other devices are refused before the body is read, like any caller a route does not allow.
      onRequest: async (req) => {
        if (req.actor.kind === 'device' && req.actor.deviceKind !== 'feedback') {
          throw new AppError('FORBIDDEN', `A ${req.actor.deviceKind} does not answer the survey.`);
        }
      },
      schema: {
        tags,
        summary: 'Answers how the visit went: from its phone page, or with a feedback tablet’s token',
        description:
          'One answer per visit (its tickets after transfers included): the first stands. The answer is always `{ received: true }` with 200, whether this request stored it or the visit had been answered before, so a second tap or a retry counts once and tells nothing of what is stored. A refusal that does not depend on the answer is 409 SURVEY_CLOSED (`params.reason`: off, not_finished, too_late, other_counter); a reason after a score above 2 is 400.',
        params: IdParams,
        body: SurveyAnswerBody,
        security: [{}, { deviceToken: [] }],
        response: ok(SurveyReceipt),
      },
    },
    (req) => survey.answer(req.actor, req.params.id, req.body),
  );
  app.get(
    '/api/admin/survey/settings',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'The office’s visit survey: on or off, where it asks',
        response: ok(SurveySettings),
      },
    },
    (req) => survey.settings(userOf(req.actor).officeId),
  );
  app.patch(
    '/api/admin/survey/settings',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary:
          'Switches the survey, its tablets, its phone pages, or (an administrator) its per-clerk results',
        body: SurveySettingsPatch,
        response: ok(SurveySettings),
      },
    },
    (req) => survey.updateSettings(userOf(req.actor), req.body),
  );
}
