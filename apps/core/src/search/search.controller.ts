import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  searchAdminRooms,
  searchDirectory,
  searchRoomsAutocomplete,
  searchRoomsAutocompletePage,
  searchRoomsAvailableForTeams,
  searchSpotlight,
  searchUsersAutocomplete,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { AUTOCOMPLETE_LIMIT, SearchService } from './search.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @RpcHandler(searchSpotlight)
  spotlight(@Payload() { actor, ...request }: Req<typeof searchSpotlight>) {
    return this.search.spotlight(actor, request);
  }

  @RpcHandler(searchUsersAutocomplete)
  usersAutocomplete(@Payload() { actor, selector }: Req<typeof searchUsersAutocomplete>) {
    return this.search.usersAutocomplete(actor, selector);
  }

  @RpcHandler(searchRoomsAutocomplete)
  async roomsAutocomplete(@Payload() { actor, selector }: Req<typeof searchRoomsAutocomplete>) {
    const { items } = await this.search.roomsAutocomplete(actor, { selector, sort: undefined, offset: 0, count: AUTOCOMPLETE_LIMIT });
    return { items };
  }

  @RpcHandler(searchRoomsAutocompletePage)
  roomsAutocompletePage(@Payload() { actor, ...request }: Req<typeof searchRoomsAutocompletePage>) {
    return this.search.roomsAutocomplete(actor, request);
  }

  @RpcHandler(searchRoomsAvailableForTeams)
  roomsAvailableForTeams(@Payload() { actor, name }: Req<typeof searchRoomsAvailableForTeams>) {
    return this.search.roomsAvailableForTeams(actor, name);
  }

  @RpcHandler(searchDirectory)
  directory(@Payload() { actor, ...request }: Req<typeof searchDirectory>) {
    return this.search.directory(actor, request);
  }

  @RpcHandler(searchAdminRooms)
  adminRooms(@Payload() { actor, ...request }: Req<typeof searchAdminRooms>) {
    return this.search.adminRooms(actor, request);
  }
}
