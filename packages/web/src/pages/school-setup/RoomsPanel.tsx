import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { Room, RoomList } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../components/ErrorNotice.tsx';
import { Field, refusedFields } from '../school-year/fields.tsx';
import { SetupForm, useSetupSave } from './SetupFields.tsx';

const ROOM_KINDS = ['classroom', 'lab', 'gym', 'art', 'music', 'shop', 'computer'];

/** A school's rooms: number, kind and seats, and how many sections meet in each. */
export function RoomsPanel({ schoolId, mayEdit }: { schoolId: number; mayEdit: boolean }) {
  const rooms = useQuery({ queryKey: ['rooms', schoolId], queryFn: ({ signal }) => apiGet<RoomList>(`/api/schools/${schoolId}/rooms`, signal) });
  const [editing, setEditing] = useState<Room | 'new' | null>(null);
  const [done, setDone] = useState('');
  return (
    <section aria-labelledby="rooms-h">
      <h2 id="rooms-h">Rooms</h2>
      {mayEdit ? (
        <p>
          <button type="button" onClick={() => { setDone(''); setEditing('new'); }}>
            New room
          </button>
        </p>
      ) : null}
      {done ? <p className="notice notice-ok" role="status">{done}</p> : null}
      {editing ? <RoomForm key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} schoolId={schoolId} room={editing === 'new' ? null : editing} onDone={(m) => { setEditing(null); setDone(m); }} onCancel={() => setEditing(null)} /> : null}
      {rooms.isPending ? <Loading what="the rooms" /> : null}
      {rooms.error ? <ErrorNotice error={rooms.error} onRetry={() => void rooms.refetch()} /> : null}
      {rooms.data && rooms.data.items.length === 0 ? <p>No room yet.</p> : null}
      {rooms.data && rooms.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Rooms</caption>
            <thead>
              <tr>
                <th scope="col">Room</th>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col" className="number">Seats</th>
                <th scope="col" className="number">Sections</th>
                {mayEdit ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {rooms.data.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.code}</th>
                  <td>{r.name ?? ''}</td>
                  <td>{r.kind}</td>
                  <td className="number">{r.capacity}</td>
                  <td className="number">{r.sections}</td>
                  {mayEdit ? (
                    <td>
                      <button type="button" className="secondary" aria-label={`Change room ${r.code}`} onClick={() => { setDone(''); setEditing(r); }}>
                        Change
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function RoomForm({ schoolId, room, onDone, onCancel }: { schoolId: number; room: Room | null; onDone: (message: string) => void; onCancel: () => void }) {
  const ids = useId();
  const [draft, setDraft] = useState({ code: room?.code ?? '', name: room?.name ?? '', kind: room?.kind ?? 'classroom', capacity: String(room?.capacity ?? 34) });
  const save = useSetupSave<Room>(['rooms', 'school-sections'], (saved) => onDone(`Room ${saved.code} is saved.`));
  const refused = refusedFields(save.error);
  const input = (field: keyof typeof draft, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`${ids}-${field}`} label={label} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} error={refused[`body.${field}`]} {...props} />
  );
  return (
    <SetupForm
      title={room ? `Change room ${room.code}` : 'New room'}
      error={save.error}
      pending={save.isPending}
      submit="Save the room"
      onCancel={onCancel}
      onSubmit={() => {
        const body = { code: draft.code.trim(), name: draft.name.trim() || null, kind: draft.kind.trim(), capacity: Number(draft.capacity) };
        save.mutate(room ? { method: 'PUT', path: `/api/schools/${schoolId}/rooms/${room.id}`, body, version: room.version } : { method: 'POST', path: `/api/schools/${schoolId}/rooms`, body });
      }}
    >
      {input('code', 'Room number', { required: true, maxLength: 12 })}
      {input('name', 'Name (optional)', { maxLength: 80 })}
      {input('kind', 'Kind', { list: `${ids}-kinds`, maxLength: 30 })}
      <datalist id={`${ids}-kinds`}>
        {ROOM_KINDS.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {input('capacity', 'Seats', { type: 'number', min: 1, max: 1000, required: true })}
    </SetupForm>
  );
}
