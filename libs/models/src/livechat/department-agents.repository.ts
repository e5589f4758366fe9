import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatDepartment, ILivechatDepartmentAgent } from '@rc/contracts';
import type { Model } from 'mongoose';
import { randomId } from '../common/random-id.js';
import { LIVECHAT_DEPARTMENT_AGENT_MODEL } from './livechat.schemas.js';

/** `rocketchat_livechat_department_agents` (an agent's place in a department), owned by omnichannel. */
@Injectable()
export class LivechatDepartmentAgentsRepository {
  constructor(@InjectModel(LIVECHAT_DEPARTMENT_AGENT_MODEL) private readonly agents: Model<ILivechatDepartmentAgent>) {}

  agentsOf(departmentId: string): Promise<ILivechatDepartmentAgent[]> {
    return this.agents.find({ departmentId }).sort({ order: 1, username: 1 }).lean<ILivechatDepartmentAgent[]>().exec();
  }

  departmentsOf(agentId: string, enabledOnly = false): Promise<ILivechatDepartmentAgent[]> {
    return this.agents
      .find({ agentId, ...(enabledOnly && { departmentEnabled: true }) })
      .lean<ILivechatDepartmentAgent[]>()
      .exec();
  }

  countOf(departmentId: string): Promise<number> {
    return this.agents.countDocuments({ departmentId }).exec();
  }

  /** Adds or updates an agent of a department; answers the entry and whether it is new. */
  async upsert(
    department: Pick<ILivechatDepartment, '_id' | 'enabled'>,
    agent: { agentId: string; username: string; count?: number; order?: number },
  ): Promise<{ entry: ILivechatDepartmentAgent; created: boolean }> {
    const result = await this.agents
      .updateOne(
        { departmentId: department._id, agentId: agent.agentId },
        {
          $set: { username: agent.username, count: agent.count ?? 0, order: agent.order ?? 0, departmentEnabled: department.enabled },
          $setOnInsert: { _id: randomId() },
        },
        { upsert: true },
      )
      .exec();
    const entry = await this.agents
      .findOne({ departmentId: department._id, agentId: agent.agentId })
      .lean<ILivechatDepartmentAgent>()
      .exec();
    return { entry: entry!, created: result.upsertedCount === 1 };
  }

  remove(departmentId: string, agentId: string): Promise<ILivechatDepartmentAgent | null> {
    return this.agents.findOneAndDelete({ departmentId, agentId }).lean<ILivechatDepartmentAgent>().exec();
  }

  /** Every department entry of an agent, removed; answers them. */
  async removeAgent(agentId: string): Promise<ILivechatDepartmentAgent[]> {
    const of = await this.departmentsOf(agentId);
    await this.agents.deleteMany({ agentId }).exec();
    return of;
  }

  /** Every agent entry of a department, removed; answers them. */
  async removeDepartment(departmentId: string): Promise<ILivechatDepartmentAgent[]> {
    const of = await this.agentsOf(departmentId);
    await this.agents.deleteMany({ departmentId }).exec();
    return of;
  }

  async setDepartmentEnabled(departmentId: string, enabled: boolean): Promise<void> {
    await this.agents.updateMany({ departmentId }, { $set: { departmentEnabled: enabled } }).exec();
  }
}
