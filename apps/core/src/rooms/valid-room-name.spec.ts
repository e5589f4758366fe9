import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import { validRoomName, type RoomNamingContext } from './room-naming.js';

/** The rooms a name is checked against (an in-memory stand-in for the rooms repository). */
function context(specialChars: boolean, rooms: Array<Pick<IRoom, '_id' | 'name' | 'fname' | 'archived'>>): RoomNamingContext {
  return {
    specialChars,
    pattern: '[0-9a-zA-Z-_.]+',
    rooms: {
      findByName: (name) => Promise.resolve(rooms.find((room) => room.name === name) ?? null),
      findByDisplayName: (fname) => Promise.resolve(rooms.find((room) => room.fname === fname) ?? null),
      findById: (id) => Promise.resolve(rooms.find((room) => room._id === id) ?? null),
    },
  };
}

describe('validRoomName (UI_Allow_room_names_with_special_chars, UTF8_Channel_Names_Validation)', () => {
  it('off: the name must match the pattern and be free', async () => {
    await expect(validRoomName('general-2', undefined, context(false, []))).resolves.toEqual({ name: 'general-2', fname: 'general-2' });
    await expect(validRoomName('Café Zürich', undefined, context(false, []))).rejects.toThrow('is not a valid room name');
    await expect(validRoomName('taken', undefined, context(false, [{ _id: 'r1', name: 'taken' }]))).rejects.toThrow(
      "A channel with name 'taken' exists",
    );
  });

  it('on: the display name as typed, the name its slug', async () => {
    await expect(validRoomName('Café Zürich', undefined, context(true, []))).resolves.toEqual({
      name: 'cafe-zuerich',
      fname: 'Café Zürich',
    });
  });

  it('on: a slug taken gets -1, -2, …; a display name taken is refused', async () => {
    const rooms = [
      { _id: 'r1', name: 'mon-equipe', fname: 'mon équipe' },
      { _id: 'r2', name: 'mon-equipe-1', fname: 'Mon équipe?' },
      { _id: 'r3', name: 'old', fname: 'Old one', archived: true },
    ];
    await expect(validRoomName('Mon Équipe!', undefined, context(true, rooms))).resolves.toEqual({
      name: 'mon-equipe-2',
      fname: 'Mon Équipe!',
    });
    await expect(validRoomName('Old one', undefined, context(true, rooms))).rejects.toThrow(
      "There's an archived channel with name Old one",
    );
    // Renaming a room to its own display name keeps its own slug.
    await expect(validRoomName('mon équipe', 'r1', context(true, rooms))).resolves.toEqual({ name: 'mon-equipe', fname: 'mon équipe' });
  });
});
