// 帮扶力量's channels (declared in shared/api-assistance.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import type { assistanceChannels } from '../../../shared/api-assistance';
import { createLeave, createSpotCheck, deleteLeave, deleteSpotCheck, listLeaves, listSpotChecks, setAttendance, updateLeave, updateSpotCheck } from './attendance';
import { dataPort } from '../../platform/data-port';
import { createCadre, createPairing, createVisit, deleteVisit, endPairing, listCadres, listPairings, listVisits, pairingFlags, updateCadre, updateVisit } from './pairings';
import { getAssistanceSettingsOn, updateAssistanceSettings } from './settings';
import { createMember, createTeam, endTeam, recallMember, rotateMember, updateMember, updateTeam } from './teams';
import * as units from './units';
import { assistanceDashboard, getMember, getTeam, listMembers, listTeams } from './views';

export const assistanceHandlers: HandlerSubset<keyof typeof assistanceChannels> = {
  'assistanceSettings.get': (ctx) => getAssistanceSettingsOn(dataPort(ctx)),
  'assistanceSettings.update': updateAssistanceSettings,
  'assistanceUnits.list': units.listUnits,
  'assistanceUnits.get': (ctx, input) => units.getUnit(ctx, input.id),
  'assistanceUnits.create': units.createUnit,
  'assistanceUnits.update': units.updateUnit,
  'assistanceUnits.delete': units.deleteUnit,
  'assistanceUnits.summary': units.unitSummary,
  'villageLinks.list': units.listLinks,
  'villageLinks.create': units.createLink,
  'villageLinks.update': units.updateLink,
  'villageLinks.end': units.endLink,
  'townshipLeaders.list': units.listLeaders,
  'townshipLeaders.create': units.createLeader,
  'townshipLeaders.update': units.updateLeader,
  'townshipLeaders.end': units.endLeader,
  'unitProjects.set': units.setUnitProject,
  'unitProjects.remove': units.removeUnitProject,
  'unitFunds.create': units.createFund,
  'unitFunds.update': units.updateFund,
  'unitFunds.delete': units.deleteFund,
  'unitDeeds.create': units.createDeed,
  'unitDeeds.update': units.updateDeed,
  'unitDeeds.delete': units.deleteDeed,
  'teams.list': listTeams,
  'teams.get': (ctx, input) => getTeam(ctx, input.id, input.month),
  'teams.create': createTeam,
  'teams.update': updateTeam,
  'teams.end': endTeam,
  'members.list': listMembers,
  'members.get': getMember,
  'members.create': createMember,
  'members.update': updateMember,
  'members.rotate': rotateMember,
  'members.recall': recallMember,
  'attendance.set': setAttendance,
  'leaves.list': (ctx, input) => listLeaves(ctx, input.memberId),
  'leaves.create': createLeave,
  'leaves.update': updateLeave,
  'leaves.delete': deleteLeave,
  'spotChecks.list': listSpotChecks,
  'spotChecks.create': createSpotCheck,
  'spotChecks.update': updateSpotCheck,
  'spotChecks.delete': deleteSpotCheck,
  'cadres.list': listCadres,
  'cadres.create': createCadre,
  'cadres.update': updateCadre,
  'pairings.list': listPairings,
  'pairings.create': createPairing,
  'pairings.end': endPairing,
  'pairings.flags': pairingFlags,
  'visits.list': listVisits,
  'visits.create': createVisit,
  'visits.update': updateVisit,
  'visits.delete': deleteVisit,
  'assistance.dashboard': assistanceDashboard,
};
