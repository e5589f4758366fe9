import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  accountsCheckUsernameAvailability,
  accountsCreateUser,
  accountsDeleteUser,
  accountsDeleteOwnAccount,
  accountsListUsers,
  accountsListUsersByStatus,
  accountsRegisterUser,
  accountsGetPreferences,
  accountsSetPreferences,
  accountsSetUsername,
  accountsSetUtcOffset,
  accountsUpdateOwnBasicInfo,
  accountsUpdateUser,
  accountsInsertOrUpdateUser,
  accountsUserInfo,
  accountsUsernameSuggestion,
  CreateUserRequest,
  UpdateUserRequest,
  type RpcParsedRequest,
} from '@rc/contracts';
import { parseOrThrow, RpcHandler } from '@rc/platform';
import { RegistrationService } from './registration.service.js';
import { UserCreationService } from './user-creation.service.js';
import { UserDeletionService } from './user-deletion.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import { UserPreferencesService } from './user-preferences.service.js';
import { UserProfileService } from './user-profile.service.js';
import { UserUpdateService } from './user-update.service.js';
import { UsernamesService } from './usernames.service.js';

@Controller()
export class UsersController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly creation: UserCreationService,
    private readonly updates: UserUpdateService,
    private readonly profile: UserProfileService,
    private readonly preferences: UserPreferencesService,
    private readonly directory: UserDirectoryService,
    private readonly deletion: UserDeletionService,
    private readonly usernames: UsernamesService,
  ) {}

  @RpcHandler(accountsRegisterUser)
  register(@Payload() request: RpcParsedRequest<typeof accountsRegisterUser>) {
    return this.registration.register(request);
  }

  @RpcHandler(accountsCreateUser)
  create(@Payload() request: RpcParsedRequest<typeof accountsCreateUser>) {
    return this.creation.create(request);
  }

  @RpcHandler(accountsInsertOrUpdateUser)
  insertOrUpdate(@Payload() request: RpcParsedRequest<typeof accountsInsertOrUpdateUser>) {
    const { actor, userId, data } = request;
    if (userId === undefined) return this.creation.create(parseOrThrow(CreateUserRequest, { actor, data }));
    return this.updates.update(parseOrThrow(UpdateUserRequest, { actor, userId, data }));
  }

  @RpcHandler(accountsUpdateUser)
  update(@Payload() request: RpcParsedRequest<typeof accountsUpdateUser>) {
    return this.updates.update(request);
  }

  @RpcHandler(accountsUpdateOwnBasicInfo)
  updateOwnBasicInfo(@Payload() request: RpcParsedRequest<typeof accountsUpdateOwnBasicInfo>) {
    return this.profile.updateOwnBasicInfo(request);
  }

  @RpcHandler(accountsSetUsername)
  setUsername(@Payload() request: RpcParsedRequest<typeof accountsSetUsername>) {
    return this.profile.setUsername(request);
  }

  @RpcHandler(accountsGetPreferences)
  getPreferences(@Payload() { actor }: RpcParsedRequest<typeof accountsGetPreferences>) {
    return this.preferences.getPreferences(actor);
  }

  @RpcHandler(accountsSetPreferences)
  setPreferences(@Payload() { actor, userId, data }: RpcParsedRequest<typeof accountsSetPreferences>) {
    return this.preferences.setPreferences(actor, userId, data);
  }

  @RpcHandler(accountsSetUtcOffset)
  setUtcOffset(@Payload() request: RpcParsedRequest<typeof accountsSetUtcOffset>) {
    return this.profile.setUtcOffset(request);
  }

  @RpcHandler(accountsUserInfo)
  info(@Payload() request: RpcParsedRequest<typeof accountsUserInfo>) {
    return this.directory.info(request);
  }

  @RpcHandler(accountsListUsers)
  list(@Payload() request: RpcParsedRequest<typeof accountsListUsers>) {
    return this.directory.list(request);
  }

  @RpcHandler(accountsListUsersByStatus)
  listByStatus(@Payload() request: RpcParsedRequest<typeof accountsListUsersByStatus>) {
    return this.directory.listByStatus(request);
  }

  @RpcHandler(accountsDeleteUser)
  delete(@Payload() request: RpcParsedRequest<typeof accountsDeleteUser>) {
    return this.deletion.delete(request);
  }

  @RpcHandler(accountsDeleteOwnAccount)
  deleteOwn(@Payload() request: RpcParsedRequest<typeof accountsDeleteOwnAccount>) {
    return this.deletion.deleteOwn(request);
  }

  @RpcHandler(accountsCheckUsernameAvailability)
  checkUsernameAvailability(@Payload() { actor, username }: RpcParsedRequest<typeof accountsCheckUsernameAvailability>) {
    return this.usernames.checkAvailability(actor, username);
  }

  @RpcHandler(accountsUsernameSuggestion)
  usernameSuggestion(@Payload() { actor }: RpcParsedRequest<typeof accountsUsernameSuggestion>) {
    return this.usernames.suggest(actor);
  }
}
